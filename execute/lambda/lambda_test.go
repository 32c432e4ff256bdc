package lambda

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/task"
)

// fakeLambda answers the Invoke API the way Lambda does, for a handful of
// functions whose names say how they behave.
func fakeLambda(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2015-03-31/functions/{name}/invocations", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		name := r.PathValue("name")
		// A full ARN names the function by its last segments.
		if i := strings.Index(name, ":function:"); i >= 0 {
			name = strings.SplitN(name[i+len(":function:"):], ":", 2)[0]
		}
		version := "$LATEST"
		if q := r.URL.Query().Get("Qualifier"); q != "" {
			version = q
		}
		w.Header().Set("X-Amzn-Requestid", "req-"+name)
		w.Header().Set("Content-Type", "application/json")
		serviceError := func(status int, code, message string) {
			if code != "" {
				w.Header().Set("X-Amzn-Errortype", code)
			}
			w.WriteHeader(status)
			if message != "" {
				_, _ = io.WriteString(w, `{"Type":"User","message":"`+message+`"}`)
			}
		}
		switch name {
		case "echo":
			if r.Header.Get("X-Amz-Invocation-Type") == "Event" {
				w.WriteHeader(http.StatusAccepted)
				return
			}
			if r.Header.Get("X-Amz-Log-Type") == "Tail" {
				w.Header().Set("X-Amz-Log-Result", "U1RBUlQ=")
			}
			if len(body) == 0 {
				// Lambda hands an invocation without a body to the
				// function as {}.
				body = []byte("{}")
			}
			w.Header().Set("X-Amz-Executed-Version", version)
			_, _ = w.Write(body)
		case "text":
			_, _ = io.WriteString(w, "plain text")
		case "empty":
		case "fail":
			w.Header().Set("X-Amz-Function-Error", "Unhandled")
			_, _ = io.WriteString(w, `{"errorMessage":"boom","errorType":"ValueError","stackTrace":[]}`)
		case "untyped":
			w.Header().Set("X-Amz-Function-Error", "Unhandled")
			_, _ = io.WriteString(w, `{"errorMessage":"RequestId: 1 Process exited before completing request"}`)
		case "throttled":
			serviceError(http.StatusTooManyRequests, "TooManyRequestsException", "Rate Exceeded.")
		case "bare429":
			serviceError(http.StatusTooManyRequests, "", "")
		case "broken":
			serviceError(http.StatusInternalServerError, "ServiceException", "internal failure")
		case "gateway":
			serviceError(http.StatusBadGateway, "", "")
		case "denied":
			serviceError(http.StatusForbidden, "AccessDeniedException", "not allowed")
		case "slow":
			<-r.Context().Done()
		default:
			serviceError(http.StatusNotFound, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:"+name+":"+version)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// newClient is a real SDK client for endpoint, with SDK retries off so that
// each case sees the first answer.
func newClient(endpoint string) *awslambda.Client {
	return awslambda.New(awslambda.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		RetryMaxAttempts: 1,
	})
}

func TestHandles(t *testing.T) {
	h := New(nil)
	for _, tc := range []struct {
		resource string
		want     bool
	}{
		{"arn:aws:lambda:us-east-1:123456789012:function:f", true},
		{"arn:aws:lambda:us-east-1:123456789012:function:f:prod", true},
		{"arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST", true},
		{"arn:aws-cn:lambda:cn-north-1:123456789012:function:f", true},
		{"arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f:1", true},
		{"arn:aws:states:::lambda:invoke", true},
		{"arn:aws-cn:states:::lambda:invoke", true},
		{"arn:aws:states:::lambda:invoke.waitForTaskToken", false},
		{"arn:aws:states:::aws-sdk:lambda:invoke", false},
		{"arn:aws:lambda:us-east-1:123456789012:function:", false},
		{"arn:aws:lambda:us-east-1:123456789012:function:f:", false},
		{"arn:aws:lambda:us-east-1:123456789012:function:f:1:2", false},
		{"arn:aws:lambda:us-east-1:123456789012:layer:l:1", false},
		{"arn:aws:states:us-east-1:123456789012:activity:a", false},
		{"lambda:invoke", false},
		{"", false},
	} {
		if got := h.Handles(tc.resource); got != tc.want {
			t.Errorf("Handles(%q) = %v, want %v", tc.resource, got, tc.want)
		}
	}
}

const fnARN = "arn:aws:lambda:us-east-1:123456789012:function:"

func TestDirect(t *testing.T) {
	h := New(newClient(fakeLambda(t).URL))
	for _, tc := range []struct {
		name     string
		resource string
		input    string
		want     string // JSON of the output, when the call succeeds
		err      string // error name, when it fails
		cause    string // regexp the cause must match
	}{
		{name: "object", resource: fnARN + "echo", input: `{"a":1.50,"b":[true,null,"<&>"]}`, want: `{"a":1.50,"b":[true,null,"<&>"]}`},
		{name: "string", resource: fnARN + "echo", input: `"HelloWorld"`, want: `"HelloWorld"`},
		{name: "number keeps its digits", resource: fnARN + "echo", input: `12345678901234567890`, want: `12345678901234567890`},
		{name: "array", resource: fnARN + "echo", input: `[]`, want: `[]`},
		{name: "qualified", resource: fnARN + "echo:prod", input: `{}`, want: `{}`},
		{name: "empty result is null", resource: fnARN + "empty", input: `{}`, want: `null`},
		{name: "non-JSON result is a string", resource: fnARN + "text", input: `{}`, want: `"plain text"`},
		{name: "function error", resource: fnARN + "fail", input: `{}`, err: "ValueError",
			cause: `^\{"errorMessage":"boom","errorType":"ValueError","stackTrace":\[\]\}$`},
		{name: "function error without type", resource: fnARN + "untyped", input: `{}`, err: "Lambda.Unknown",
			cause: `^\{"errorMessage":"RequestId: 1 Process exited before completing request"\}$`},
		{name: "no such function", resource: fnARN + "nope", input: `{}`, err: "Lambda.ResourceNotFoundException",
			cause: `^Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope:\$LATEST \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: req-nope; Proxy: null\)$`},
		{name: "throttled", resource: fnARN + "throttled", input: `{}`, err: "Lambda.TooManyRequestsException",
			cause: `^Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: req-throttled; Proxy: null\)$`},
		{name: "bare 429", resource: fnARN + "bare429", input: `{}`, err: "Lambda.TooManyRequestsException",
			cause: `Status Code: 429; Error Code: Too Many Requests;`},
		{name: "service exception", resource: fnARN + "broken", input: `{}`, err: "Lambda.ServiceException",
			cause: `^internal failure \(Service: AWSLambda; Status Code: 500; Error Code: ServiceException;`},
		{name: "bare 502", resource: fnARN + "gateway", input: `{}`, err: "Lambda.AWSLambdaException",
			cause: `^\(Service: AWSLambda; Status Code: 502; Error Code: Bad Gateway;`},
		{name: "unmodeled error", resource: fnARN + "denied", input: `{}`, err: "Lambda.AWSLambdaException",
			cause: `^not allowed \(Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException;`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, serr := h.Call(context.Background(), &task.Call{State: "S", Resource: tc.resource, Input: decode(t, tc.input)})
			check(t, out, serr, tc.want, tc.err, tc.cause)
		})
	}
}

func TestOptimized(t *testing.T) {
	srv := fakeLambda(t)
	h := New(newClient(srv.URL))
	const invoke = "arn:aws:states:::lambda:invoke"
	for _, tc := range []struct {
		name  string
		input string
		want  string // JSON of the output without the HTTP metadata
		err   string
		cause string
	}{
		{name: "object payload", input: `{"FunctionName":"echo","Payload":{"body":"string body","n":0.10}}`,
			want: `{"ExecutedVersion":"$LATEST","Payload":{"body":"string body","n":0.10},"StatusCode":200,"SdkResponseMetadata":{"RequestId":"req-echo"}}`},
		// Recorded on AWS: a string Payload is sent unchanged, so "0"
		// comes back from an echo function as the number 0.
		{name: "string payload is sent as is", input: `{"FunctionName":"echo","Payload":"0"}`,
			want: `{"ExecutedVersion":"$LATEST","Payload":0,"StatusCode":200,"SdkResponseMetadata":{"RequestId":"req-echo"}}`},
		{name: "quoted string payload", input: `{"FunctionName":"echo","Payload":"\"HelloWorld\""}`,
			want: `{"ExecutedVersion":"$LATEST","Payload":"HelloWorld","StatusCode":200,"SdkResponseMetadata":{"RequestId":"req-echo"}}`},
		{name: "null payload sends no body", input: `{"FunctionName":"echo","Payload":null}`,
			want: `{"ExecutedVersion":"$LATEST","Payload":{},"StatusCode":200,"SdkResponseMetadata":{"RequestId":"req-echo"}}`},
		{name: "function ARN with qualifier", input: `{"FunctionName":"` + fnARN + `echo","Qualifier":"live","Payload":[1]}`,
			want: `{"ExecutedVersion":"live","Payload":[1],"StatusCode":200,"SdkResponseMetadata":{"RequestId":"req-echo"}}`},
		{name: "log tail", input: `{"FunctionName":"echo","LogType":"Tail","Payload":true}`,
			want: `{"ExecutedVersion":"$LATEST","LogResult":"U1RBUlQ=","Payload":true,"StatusCode":200,"SdkResponseMetadata":{"RequestId":"req-echo"}}`},
		{name: "event invocation", input: `{"FunctionName":"echo","InvocationType":"Event","Payload":{}}`,
			want: `{"Payload":"","StatusCode":202,"SdkResponseMetadata":{"RequestId":"req-echo"}}`},
		{name: "function error", input: `{"FunctionName":"fail"}`, err: "ValueError",
			cause: `^\{"errorMessage":"boom","errorType":"ValueError","stackTrace":\[\]\}$`},
		{name: "no such function", input: `{"FunctionName":"nope"}`, err: "Lambda.ResourceNotFoundException",
			cause: `^Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope:\$LATEST \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: req-nope; Proxy: null\)$`},
		{name: "throttled", input: `{"FunctionName":"throttled"}`, err: "Lambda.TooManyRequestsException", cause: `Status Code: 429`},
		{name: "service exception", input: `{"FunctionName":"broken"}`, err: "Lambda.ServiceException", cause: `Status Code: 500`},
		{name: "missing FunctionName", input: `{"Payload":{}}`, err: asl.ErrRuntime,
			cause: `^The Parameters '\{"Payload":\{\}\}' could not be used to start the Task: \[the field 'FunctionName' is required; set it to the function's name or ARN\]$`},
		{name: "FunctionName not a string", input: `{"FunctionName":3}`, err: asl.ErrRuntime,
			cause: `\[the field 'FunctionName' must be a string, not a number\]$`},
		{name: "unknown field", input: `{"FunctionName":"echo","Paylod":{}}`, err: asl.ErrRuntime,
			cause: `\[the field 'Paylod' is not supported by lambda:invoke; remove it, or use one of ClientContext, FunctionName, InvocationType, LogType, Payload, Qualifier\]$`},
		{name: "bad InvocationType", input: `{"FunctionName":"echo","InvocationType":"Async"}`, err: asl.ErrRuntime,
			cause: `\[the field 'InvocationType' must be one of Event, RequestResponse, DryRun, not "Async"\]$`},
		{name: "parameters not an object", input: `"echo"`, err: asl.ErrRuntime,
			cause: `\[the parameters must be an object with at least FunctionName, not a string\]$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, serr := h.Call(context.Background(), &task.Call{State: "S", Resource: invoke, Input: decode(t, tc.input)})
			if m, ok := out.(map[string]any); ok {
				md, _ := m["SdkHttpMetadata"].(map[string]any)
				if md == nil {
					t.Fatalf("output has no SdkHttpMetadata: %v", m)
				}
				if got, want := md["HttpStatusCode"], m["StatusCode"]; got != want {
					t.Errorf("HttpStatusCode = %v, want %v", got, want)
				}
				if got := md["HttpHeaders"].(map[string]any)["X-Amzn-Requestid"]; got != "req-echo" {
					t.Errorf("HttpHeaders[X-Amzn-Requestid] = %v, want req-echo", got)
				}
				if got := md["AllHttpHeaders"].(map[string]any)["X-Amzn-Requestid"]; !reflect.DeepEqual(got, []any{"req-echo"}) {
					t.Errorf("AllHttpHeaders[X-Amzn-Requestid] = %v, want [req-echo]", got)
				}
				delete(m, "SdkHttpMetadata")
			}
			check(t, out, serr, tc.want, tc.err, tc.cause)
		})
	}
}

// TestTransportFailures covers calls that get no answer: an endpoint that
// refuses connections, and a state whose timeout passes while the function
// runs.
func TestTransportFailures(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	live := fakeLambda(t).URL
	for _, tc := range []struct {
		name     string
		endpoint string
		resource string
		timeout  time.Duration
		cancel   bool
		err      string
		cause    string
	}{
		{name: "unreachable", endpoint: closed, resource: fnARN + "echo", err: "Lambda.SdkClientException",
			cause: `^Unable to execute HTTP request: .*connect.*; check the Lambda endpoint, the region and the AWS credentials$`},
		{name: "state timeout", endpoint: live, resource: fnARN + "slow", timeout: 50 * time.Millisecond, err: asl.ErrTimeout, cause: `^$`},
		{name: "run stopped", endpoint: live, resource: fnARN + "slow", cancel: true, err: asl.ErrRuntime, cause: `run stopped`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.timeout > 0 {
				ctx, cancel = context.WithTimeout(ctx, tc.timeout)
				defer cancel()
			}
			if tc.cancel {
				time.AfterFunc(50*time.Millisecond, cancel)
			}
			out, serr := New(newClient(tc.endpoint)).Call(ctx, &task.Call{State: "S", Resource: tc.resource, Input: map[string]any{}})
			check(t, out, serr, "", tc.err, tc.cause)
		})
	}
}

// TestConcurrent runs many calls on one Handler at once, as the children
// of a Map state do; run it with -race.
func TestConcurrent(t *testing.T) {
	h := New(newClient(fakeLambda(t).URL))
	errs := make(chan string, 50)
	for i := range 50 {
		go func() {
			in := map[string]any{"i": json.Number(strings.Repeat("1", i%5+1))}
			out, serr := h.Call(context.Background(), &task.Call{State: "S", Resource: fnARN + "echo", Input: in})
			switch {
			case serr != nil:
				errs <- serr.Error()
			case !reflect.DeepEqual(out, in):
				errs <- "got " + encode(t, out)
			default:
				errs <- ""
			}
		}()
	}
	for range 50 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

func decode(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

func encode(t *testing.T, v any) string {
	t.Helper()
	b, err := marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// check compares a call's outcome with the expected output JSON (compared
// as values decoded with UseNumber, so "1.50" must stay "1.50") or the
// expected error name and cause pattern.
func check(t *testing.T, out any, serr *asl.StatesError, want, errName, cause string) {
	t.Helper()
	if errName != "" {
		if serr == nil {
			t.Fatalf("got output %s, want error %s", encode(t, out), errName)
		}
		if serr.Name != errName {
			t.Errorf("error = %s (cause %q), want %s", serr.Name, serr.Cause, errName)
		}
		if !regexp.MustCompile(cause).MatchString(serr.Cause) {
			t.Errorf("cause = %q, want a match of %s", serr.Cause, cause)
		}
		return
	}
	if serr != nil {
		t.Fatalf("got error %v, want output %s", serr, want)
	}
	if !reflect.DeepEqual(out, decode(t, want)) {
		t.Errorf("output = %s, want %s", encode(t, out), want)
	}
}
