package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/smithy-go"
)

// The fake speaks the Step Functions wire protocol (awsJson1.0) so that the
// tests exercise the real SDK client: its serializers decide the member
// names and its deserializers read the answers, as they will against AWS.

const (
	testKeyID  = "AKIDTESTONLY"
	testSecret = "secret-that-must-never-show"

	smArn   = "arn:aws:states:us-east-1:123456789012:stateMachine:hello"
	execArn = "arn:aws:states:us-east-1:123456789012:execution:hello:run1"
	mapArn  = "arn:aws:states:us-east-1:123456789012:mapRun:hello/Map:abc"
	role    = "arn:aws:iam::123456789012:role/sfn"
	role2   = "arn:aws:iam::123456789012:role/other"
	t0      = 1700000000
	t1      = 1700000060
)

// absent in an expected call says the field must not be sent.
const absent = "<absent>"

type call struct {
	Op     string
	Fields map[string]any
	Host   string
}

type fake struct {
	t  *testing.T
	mu sync.Mutex
	// replies holds, per operation, the JSON answers to give in turn;
	// the last one repeats. An answer with "__type" is sent as an error.
	replies map[string][]string
	calls   []call
	// onCall runs when a request of that operation arrives, before it is
	// answered (to cancel the run's context at a known point).
	onCall map[string]func()
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	const prefix = "AWSStepFunctions."
	target := r.Header.Get("X-Amz-Target")
	if r.Method != http.MethodPost || r.URL.Path != "/" || !strings.HasPrefix(target, prefix) ||
		r.Header.Get("Content-Type") != "application/x-amz-json-1.0" {
		f.t.Errorf("not an awsJson1.0 request: %s %s target=%q content-type=%q", r.Method, r.URL.Path, target, r.Header.Get("Content-Type"))
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if auth := r.Header.Get("Authorization"); !strings.Contains(auth, "Credential="+testKeyID+"/") || !strings.Contains(auth, "/us-east-1/states/") {
		f.t.Errorf("request not signed for states in us-east-1: %q", auth)
	}
	op := strings.TrimPrefix(target, prefix)
	body, _ := io.ReadAll(r.Body)
	fields := map[string]any{}
	if err := json.Unmarshal(body, &fields); err != nil {
		f.t.Errorf("%s: body is not a JSON object: %v", op, err)
	}

	f.mu.Lock()
	f.calls = append(f.calls, call{Op: op, Fields: fields, Host: r.Host})
	queue := f.replies[op]
	var reply string
	switch len(queue) {
	case 0:
		f.t.Errorf("unexpected call %s %s", op, body)
		reply = `{"__type":"InternalFailure","message":"the fake has no answer"}`
	case 1:
		reply = queue[0]
	default:
		reply, f.replies[op] = queue[0], queue[1:]
	}
	hook := f.onCall[op]
	f.mu.Unlock()
	if hook != nil {
		hook()
	}

	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("X-Amzn-RequestId", "req-1")
	if strings.Contains(reply, `"__type"`) {
		w.WriteHeader(http.StatusBadRequest)
	}
	io.WriteString(w, reply)
}

// newClient returns a real SDK client talking to f. Every connection is
// dialled to the test server whatever the host, because StartSyncExecution
// prefixes the host with "sync-" as it must for AWS.
func newClient(t *testing.T, f *fake) *sfn.Client {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	var d net.Dialer
	transport := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}}
	t.Cleanup(transport.CloseIdleConnections)
	return sfn.New(sfn.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(srv.URL),
		Credentials:      aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(testKeyID, testSecret, "")),
		HTTPClient:       &http.Client{Transport: transport},
		RetryMaxAttempts: 1, // the fake's errors are meant to surface at once
	})
}

func awsErr(code, msg string) string {
	return fmt.Sprintf(`{"__type":%q,"message":%q}`, code, msg)
}

const (
	plainDef       = `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`
	distributedDef = `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`

	noMachines      = `{"stateMachines":[]}`
	helloStandard   = `{"stateMachines":[{"stateMachineArn":"` + smArn + `","name":"hello","type":"STANDARD","creationDate":1600000000}]}`
	helloExpress    = `{"stateMachines":[{"stateMachineArn":"` + smArn + `","name":"hello","type":"EXPRESS","creationDate":1600000000}]}`
	created         = `{"stateMachineArn":"` + smArn + `","creationDate":1700000000}`
	updated         = `{"updateDate":1700000000}`
	started         = `{"executionArn":"` + execArn + `","startDate":1700000000}`
	running         = `{"executionArn":"` + execArn + `","stateMachineArn":"` + smArn + `","status":"RUNNING","startDate":1700000000}`
	succeeded       = `{"executionArn":"` + execArn + `","stateMachineArn":"` + smArn + `","status":"SUCCEEDED","startDate":1700000000,"stopDate":1700000060,"output":"{\"ok\":true}"}`
	oneMapRun       = `{"mapRuns":[{"mapRunArn":"` + mapArn + `","executionArn":"` + execArn + `","stateMachineArn":"` + smArn + `","startDate":1700000001}]}`
	mapRunRunning   = `{"mapRunArn":"` + mapArn + `","executionArn":"` + execArn + `","status":"RUNNING","startDate":1700000001,"maxConcurrency":0,"toleratedFailurePercentage":0,"toleratedFailureCount":0,"itemCounts":{"pending":6,"running":2,"succeeded":2,"failed":0,"timedOut":0,"aborted":0,"total":10,"resultsWritten":0},"executionCounts":{"pending":0,"running":1,"succeeded":1,"failed":0,"timedOut":0,"aborted":0,"total":2,"resultsWritten":0}}`
	mapRunSucceeded = `{"mapRunArn":"` + mapArn + `","executionArn":"` + execArn + `","status":"SUCCEEDED","startDate":1700000001,"stopDate":1700000050,"maxConcurrency":0,"toleratedFailurePercentage":0,"toleratedFailureCount":0,"itemCounts":{"pending":0,"running":0,"succeeded":9,"failed":1,"timedOut":0,"aborted":0,"total":10,"resultsWritten":10},"executionCounts":{"pending":0,"running":0,"succeeded":2,"failed":0,"timedOut":0,"aborted":0,"total":2,"resultsWritten":2}}`
)

var (
	runningCounts = MapRun{Arn: mapArn, Status: "RUNNING",
		Items:      Counts{Pending: 6, Running: 2, Succeeded: 2, Total: 10},
		Executions: Counts{Running: 1, Succeeded: 1, Total: 2}}
	doneCounts = MapRun{Arn: mapArn, Status: "SUCCEEDED",
		Items:      Counts{Succeeded: 9, Failed: 1, Total: 10, ResultsWritten: 10},
		Executions: Counts{Succeeded: 2, Total: 2, ResultsWritten: 2}}
)

func describedWithOutput(output string) string {
	out, _ := json.Marshal(output)
	return `{"executionArn":"` + execArn + `","stateMachineArn":"` + smArn + `","status":"SUCCEEDED","startDate":1700000000,"stopDate":1700000060,"output":` + string(out) + `}`
}

func TestRun(t *testing.T) {
	base := Options{Name: "hello", Definition: []byte(plainDef), RoleArn: role, Input: []byte(`{"n":1}`), Poll: 10 * time.Millisecond}
	with := func(change func(o *Options)) Options {
		o := base
		change(&o)
		return o
	}
	startStd := call{Op: "StartExecution", Fields: map[string]any{"stateMachineArn": smArn, "input": `{"n":1}`, "name": absent}}
	describe := call{Op: "DescribeExecution", Fields: map[string]any{"executionArn": execArn}}
	listMaps := call{Op: "ListMapRuns", Fields: map[string]any{"executionArn": execArn}}
	describeMap := call{Op: "DescribeMapRun", Fields: map[string]any{"mapRunArn": mapArn}}
	list := call{Op: "ListStateMachines", Fields: map[string]any{"nextToken": absent}}
	updateKeep := call{Op: "UpdateStateMachine", Fields: map[string]any{"stateMachineArn": smArn, "definition": plainDef, "roleArn": absent}}
	okResult := &Result{StateMachineArn: smArn, ExecutionArn: execArn, Status: "SUCCEEDED", Output: []byte(`{"ok":true}`),
		StartDate: time.Unix(t0, 0).UTC(), StopDate: time.Unix(t1, 0).UTC()}

	tests := []struct {
		name     string
		opts     Options
		replies  map[string][]string
		cancelOn string // operation whose arrival cancels the context
		want     []call
		result   *Result
		progress []Progress
		errHas   []string // substrings of the error; none: no error
		errIs    error
		apiCode  string // the SDK error code errors.As must still find
	}{
		{
			name: "creates a new machine across list pages and polls until SUCCEEDED",
			opts: base,
			replies: map[string][]string{
				"ListStateMachines":  {`{"stateMachines":[{"stateMachineArn":"arn:x:other","name":"other","type":"STANDARD","creationDate":1}],"nextToken":"page2"}`, `{"stateMachines":[{"stateMachineArn":"arn:x:hello2","name":"hello2","type":"STANDARD","creationDate":1}]}`},
				"CreateStateMachine": {created},
				"StartExecution":     {started},
				"DescribeExecution":  {running, running, succeeded},
			},
			want: []call{
				list,
				{Op: "ListStateMachines", Fields: map[string]any{"nextToken": "page2"}},
				{Op: "CreateStateMachine", Fields: map[string]any{"name": "hello", "definition": plainDef, "roleArn": role, "type": "STANDARD"}},
				startStd, describe, describe, describe,
			},
			result:   okResult,
			progress: []Progress{{Status: "RUNNING"}, {Status: "RUNNING"}, {Status: "SUCCEEDED"}},
		},
		{
			name:    "updates an existing machine and keeps its role",
			opts:    with(func(o *Options) { o.RoleArn = ""; o.ExecutionName = "run1" }),
			replies: map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {started}, "DescribeExecution": {succeeded}},
			want: []call{list, updateKeep,
				{Op: "StartExecution", Fields: map[string]any{"stateMachineArn": smArn, "name": "run1"}},
				describe},
			result:   okResult,
			progress: []Progress{{Status: "SUCCEEDED"}},
		},
		{
			name:    "updates an existing machine with the role given",
			opts:    with(func(o *Options) { o.RoleArn = role2; o.Type = "standard" }),
			replies: map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {started}, "DescribeExecution": {succeeded}},
			want: []call{list,
				{Op: "UpdateStateMachine", Fields: map[string]any{"stateMachineArn": smArn, "definition": plainDef, "roleArn": role2}},
				startStd, describe},
			result: okResult,
		},
		{
			name: "reports FAILED with error and cause",
			opts: base,
			replies: map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {started},
				"DescribeExecution": {running, `{"executionArn":"` + execArn + `","stateMachineArn":"` + smArn + `","status":"FAILED","startDate":1700000000,"stopDate":1700000060,"error":"States.TaskFailed","cause":"boom"}`}},
			want: []call{list,
				{Op: "UpdateStateMachine", Fields: map[string]any{"roleArn": role}},
				startStd, describe, describe},
			result: &Result{StateMachineArn: smArn, ExecutionArn: execArn, Status: "FAILED", Error: "States.TaskFailed", Cause: "boom",
				StartDate: time.Unix(t0, 0).UTC(), StopDate: time.Unix(t1, 0).UTC()},
			progress: []Progress{{Status: "RUNNING"}, {Status: "FAILED"}},
		},
		{
			name: "follows map runs and finds the result writer location",
			opts: with(func(o *Options) { o.Definition = []byte(distributedDef); o.RoleArn = "" }),
			replies: map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {started},
				"DescribeExecution": {running, running, describedWithOutput(`{"MapRunArn":"` + mapArn + `","ResultWriterDetails":{"Bucket":"results","Key":"out/manifest.json"}}`)},
				"ListMapRuns":       {oneMapRun},
				"DescribeMapRun":    {mapRunRunning, mapRunSucceeded}},
			// The third poll does not describe the map run again: it
			// had already SUCCEEDED, so its counts cannot change.
			want: []call{list,
				{Op: "UpdateStateMachine", Fields: map[string]any{"definition": distributedDef, "roleArn": absent}},
				startStd, describe, listMaps, describeMap, describe, listMaps, describeMap, describe, listMaps},
			result: &Result{StateMachineArn: smArn, ExecutionArn: execArn, Status: "SUCCEEDED",
				Output:    []byte(`{"MapRunArn":"` + mapArn + `","ResultWriterDetails":{"Bucket":"results","Key":"out/manifest.json"}}`),
				StartDate: time.Unix(t0, 0).UTC(), StopDate: time.Unix(t1, 0).UTC(),
				MapRuns: []MapRun{doneCounts}, ResultWriter: &ResultWriterLocation{Bucket: "results", Key: "out/manifest.json"}},
			progress: []Progress{
				{Status: "RUNNING", MapRuns: []MapRun{runningCounts}},
				{Status: "RUNNING", MapRuns: []MapRun{doneCounts}},
				{Status: "SUCCEEDED", MapRuns: []MapRun{doneCounts}},
			},
		},
		{
			name: "finds result writer details nested in the output",
			opts: base,
			replies: map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {started},
				"DescribeExecution": {describedWithOutput(`{"a":1,"summary":[{"MapRunArn":"x","ResultWriterDetails":{"Bucket":"b","Key":"k/manifest.json"}}]}`)}},
			want: []call{list, {Op: "UpdateStateMachine"}, startStd, describe},
			result: &Result{StateMachineArn: smArn, ExecutionArn: execArn, Status: "SUCCEEDED",
				Output:    []byte(`{"a":1,"summary":[{"MapRunArn":"x","ResultWriterDetails":{"Bucket":"b","Key":"k/manifest.json"}}]}`),
				StartDate: time.Unix(t0, 0).UTC(), StopDate: time.Unix(t1, 0).UTC(),
				ResultWriter: &ResultWriterLocation{Bucket: "b", Key: "k/manifest.json"}},
		},
		{
			name: "runs a new EXPRESS machine synchronously",
			opts: with(func(o *Options) { o.Type = "EXPRESS" }),
			replies: map[string][]string{"ListStateMachines": {noMachines}, "CreateStateMachine": {created},
				"StartSyncExecution": {`{"executionArn":"` + execArn + `","stateMachineArn":"` + smArn + `","status":"SUCCEEDED","startDate":1700000000,"stopDate":1700000060,"output":"{\"ok\":true}","billingDetails":{"billedMemoryUsedInMB":64,"billedDurationInMilliseconds":100}}`}},
			want: []call{list,
				{Op: "CreateStateMachine", Fields: map[string]any{"name": "hello", "roleArn": role, "type": "EXPRESS"}},
				{Op: "StartSyncExecution", Fields: map[string]any{"stateMachineArn": smArn, "input": `{"n":1}`}, Host: "sync-"}},
			result:   okResult,
			progress: []Progress{{Status: "SUCCEEDED"}},
		},
		{
			name: "runs an existing EXPRESS machine as EXPRESS when no type is given",
			opts: base,
			replies: map[string][]string{"ListStateMachines": {helloExpress}, "UpdateStateMachine": {updated},
				"StartSyncExecution": {`{"executionArn":"` + execArn + `","stateMachineArn":"` + smArn + `","status":"FAILED","startDate":1700000000,"stopDate":1700000060,"error":"E","cause":"C"}`}},
			want: []call{list, {Op: "UpdateStateMachine"}, {Op: "StartSyncExecution", Host: "sync-"}},
			result: &Result{StateMachineArn: smArn, ExecutionArn: execArn, Status: "FAILED", Error: "E", Cause: "C",
				StartDate: time.Unix(t0, 0).UTC(), StopDate: time.Unix(t1, 0).UTC()},
		},
		{
			name:    "refuses to change the type of an existing machine",
			opts:    with(func(o *Options) { o.Type = "STANDARD" }),
			replies: map[string][]string{"ListStateMachines": {helloExpress}},
			want:    []call{list},
			errHas:  []string{"already exists as EXPRESS", "choose another name"},
		},
		{
			name:    "asks for --role-arn to create a machine",
			opts:    with(func(o *Options) { o.RoleArn = "" }),
			replies: map[string][]string{"ListStateMachines": {noMachines}},
			want:    []call{list},
			errHas:  []string{"give --role-arn"},
		},
		{
			name:    "explains AccessDenied on CreateStateMachine",
			opts:    base,
			replies: map[string][]string{"ListStateMachines": {noMachines}, "CreateStateMachine": {awsErr("AccessDeniedException", "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: states:CreateStateMachine")}},
			want:    []call{list, {Op: "CreateStateMachine"}},
			errHas:  []string{"the credentials cannot create state machines: give a role/credentials allowed states:CreateStateMachine", "iam:PassRole"},
			apiCode: "AccessDeniedException",
		},
		{
			name:    "explains AccessDenied on ListStateMachines",
			opts:    base,
			replies: map[string][]string{"ListStateMachines": {awsErr("AccessDeniedException", "not authorized")}},
			want:    []call{list},
			errHas:  []string{"cannot list state machines", "states:ListStateMachines"},
			apiCode: "AccessDeniedException",
		},
		{
			name:    "explains rejected credentials without printing them",
			opts:    base,
			replies: map[string][]string{"ListStateMachines": {awsErr("UnrecognizedClientException", "The security token included in the request is invalid.")}},
			want:    []call{list},
			errHas:  []string{"refresh them"},
			apiCode: "UnrecognizedClientException",
		},
		{
			name:    "explains an invalid definition",
			opts:    base,
			replies: map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {awsErr("InvalidDefinition", "Invalid State Machine Definition: MISSING_TRANSITION_TARGET")}},
			want:    []call{list, {Op: "UpdateStateMachine"}},
			errHas:  []string{"rejected the definition", "MISSING_TRANSITION_TARGET"},
			apiCode: "InvalidDefinition",
		},
		{
			name:    "explains a reused execution name",
			opts:    with(func(o *Options) { o.ExecutionName = "run1" }),
			replies: map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {awsErr("ExecutionAlreadyExists", "Execution Already Exists")}},
			want:    []call{list, {Op: "UpdateStateMachine"}, {Op: "StartExecution", Fields: map[string]any{"name": "run1"}}},
			errHas:  []string{"choose another execution name"},
			apiCode: "ExecutionAlreadyExists",
		},
		{
			name: "polls again after a transient error",
			opts: base,
			replies: map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {started},
				"DescribeExecution": {running, awsErr("ThrottlingException", "slow down"), awsErr("InternalFailure", "oops"), succeeded}},
			want:     []call{list, {Op: "UpdateStateMachine"}, startStd, describe, describe, describe, describe},
			result:   okResult,
			progress: []Progress{{Status: "RUNNING"}, {Status: "SUCCEEDED"}},
		},
		{
			name: "gives up after polls keep failing",
			opts: base,
			replies: map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {started},
				"DescribeExecution": {awsErr("ServiceUnavailable", "down")}},
			want:    []call{list, {Op: "UpdateStateMachine"}, startStd, describe, describe, describe, describe, describe},
			errHas:  []string{"stop-execution --execution-arn " + execArn},
			apiCode: "ServiceUnavailable",
		},
		{
			name: "says how to stop an execution it can no longer follow",
			opts: with(func(o *Options) { o.Definition = []byte(distributedDef) }),
			replies: map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {started},
				"DescribeExecution": {running}, "ListMapRuns": {awsErr("AccessDeniedException", "not authorized")}},
			want:    []call{list, {Op: "UpdateStateMachine"}, startStd, describe, listMaps},
			errHas:  []string{"states:ListMapRuns", "stop-execution --execution-arn " + execArn},
			apiCode: "AccessDeniedException",
		},
		{
			name:     "stops the execution when the context is cancelled",
			opts:     base,
			replies:  map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {started}, "DescribeExecution": {running}, "StopExecution": {`{"stopDate":1700000030}`}},
			cancelOn: "DescribeExecution",
			want: []call{list, {Op: "UpdateStateMachine"}, startStd, describe,
				{Op: "StopExecution", Fields: map[string]any{"executionArn": execArn, "error": "sfnsim.Interrupted"}}},
			result: &Result{StateMachineArn: smArn, ExecutionArn: execArn, Status: "ABORTED", Error: "sfnsim.Interrupted", Cause: interruptCause,
				StartDate: time.Unix(t0, 0).UTC(), StopDate: time.Unix(1700000030, 0).UTC()},
			errHas: []string{"interrupted", "stopped with error sfnsim.Interrupted"},
			errIs:  context.Canceled,
		},
		{
			name:     "says how to stop the execution when stopping fails",
			opts:     base,
			replies:  map[string][]string{"ListStateMachines": {helloStandard}, "UpdateStateMachine": {updated}, "StartExecution": {started}, "DescribeExecution": {running}, "StopExecution": {awsErr("AccessDeniedException", "no")}},
			cancelOn: "DescribeExecution",
			want:     []call{list, {Op: "UpdateStateMachine"}, startStd, describe, {Op: "StopExecution"}},
			errHas:   []string{"states:StopExecution", "aws stepfunctions stop-execution --execution-arn " + execArn},
			errIs:    context.Canceled,
			apiCode:  "AccessDeniedException",
		},
		{name: "needs a name", opts: with(func(o *Options) { o.Name = "" }), errHas: []string{"no name"}},
		{name: "needs a JSON definition", opts: with(func(o *Options) { o.Definition = []byte("StartAt: P") }), errHas: []string{"not valid JSON"}},
		{name: "needs a known type", opts: with(func(o *Options) { o.Type = "FAST" }), errHas: []string{"use STANDARD or EXPRESS"}},
		{name: "needs a JSON input", opts: with(func(o *Options) { o.Input = []byte("{") }), errHas: []string{"input is not valid JSON"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{t: t, replies: tc.replies}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelOn != "" {
				f.onCall = map[string]func(){tc.cancelOn: cancel}
			}
			var progress []Progress
			opts := tc.opts
			opts.Progress = func(p Progress) { progress = append(progress, p) }

			res, err := Run(ctx, newClient(t, f), opts)

			if len(tc.errHas) == 0 && err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(tc.errHas) > 0 {
				if err == nil {
					t.Fatalf("Run succeeded, want an error with %q", tc.errHas)
				}
				for _, s := range tc.errHas {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q\ndoes not say %q", err, s)
					}
				}
				if strings.Contains(err.Error(), testSecret) {
					t.Errorf("error shows the secret key: %q", err)
				}
			}
			if tc.errIs != nil && !errors.Is(err, tc.errIs) {
				t.Errorf("error %v is not %v", err, tc.errIs)
			}
			if tc.apiCode != "" {
				var api smithy.APIError
				if !errors.As(err, &api) || api.ErrorCode() != tc.apiCode {
					t.Errorf("error %v does not wrap the SDK's %s", err, tc.apiCode)
				}
			}

			f.mu.Lock()
			got := f.calls
			f.mu.Unlock()
			checkCalls(t, got, tc.want)

			if tc.result != nil {
				if res == nil {
					t.Fatal("no Result")
				}
				res.StartDate, res.StopDate = res.StartDate.UTC(), res.StopDate.UTC()
				if !reflect.DeepEqual(res, tc.result) {
					t.Errorf("Result\n got %+v\nwant %+v", *res, *tc.result)
				}
			}
			if tc.progress != nil && !reflect.DeepEqual(progress, tc.progress) {
				t.Errorf("Progress calls\n got %+v\nwant %+v", progress, tc.progress)
			}
		})
	}
}

// checkCalls compares the calls the SDK made with the expected ones: the
// same operations in the same order, each with at least the fields given
// (and without those given as absent).
func checkCalls(t *testing.T, got, want []call) {
	t.Helper()
	ops := func(cs []call) []string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Op)
		}
		return s
	}
	if !reflect.DeepEqual(ops(got), ops(want)) {
		t.Fatalf("calls\n got %v\nwant %v", ops(got), ops(want))
	}
	for i, w := range want {
		g := got[i]
		for k, v := range w.Fields {
			have, ok := g.Fields[k]
			switch {
			case v == absent && ok:
				t.Errorf("call %d %s sent %s=%v, want it left out", i, g.Op, k, have)
			case v != absent && !reflect.DeepEqual(have, v):
				t.Errorf("call %d %s: %s = %#v, want %#v", i, g.Op, k, have, v)
			}
		}
		if !strings.HasPrefix(g.Host, w.Host) {
			t.Errorf("call %d %s went to host %q, want it to start with %q", i, g.Op, g.Host, w.Host)
		}
	}
}

func TestRunWithoutClient(t *testing.T) {
	if _, err := Run(context.Background(), nil, Options{Name: "x", Definition: []byte(plainDef)}); err == nil || !strings.Contains(err.Error(), "no Step Functions client") {
		t.Errorf("Run(nil client) = %v, want an error asking for a client", err)
	}
}

func TestHasDistributedMap(t *testing.T) {
	tests := []struct {
		name, def string
		want      bool
	}{
		{"pass only", plainDef, false},
		{"inline map", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, false},
		{"distributed map", distributedDef, true},
		{"distributed map nested in a parallel branch", `{"StartAt":"B","States":{"B":{"Type":"Parallel","Branches":[` + distributedDef + `],"End":true}}}`, true},
		{"unreadable definition", `{`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := hasDistributedMap([]byte(tc.def)); got != tc.want {
				t.Errorf("hasDistributedMap = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFindResultWriter(t *testing.T) {
	tests := []struct {
		name, output string
		want         *ResultWriterLocation
	}{
		{"map state output", `{"MapRunArn":"a","ResultWriterDetails":{"Bucket":"b","Key":"k"}}`, &ResultWriterLocation{"b", "k"}},
		{"under a result path", `{"input":1,"map":{"MapRunArn":"a","ResultWriterDetails":{"Bucket":"b","Key":"k"}}}`, &ResultWriterLocation{"b", "k"}},
		{"first in key order", `{"z":{"ResultWriterDetails":{"Bucket":"z","Key":"k"}},"a":{"ResultWriterDetails":{"Bucket":"a","Key":"k"}}}`, &ResultWriterLocation{"a", "k"}},
		{"incomplete details", `{"ResultWriterDetails":{"Bucket":"b"}}`, nil},
		{"no details", `{"ok":true}`, nil},
		{"not JSON", `nope`, nil},
		{"empty", ``, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := findResultWriter([]byte(tc.output)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("findResultWriter = %+v, want %+v", got, tc.want)
			}
		})
	}
}
