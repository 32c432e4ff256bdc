//go:build linux

package lambda

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/execute/task"
)

// findRIE locates aws-lambda-rie on PATH or in GOPATH/bin, where
// `go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@…`
// puts it.
func findRIE(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("aws-lambda-rie"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, dir := range filepath.SplitList(strings.TrimSpace(string(out))) {
			p := filepath.Join(dir, "bin", "aws-lambda-rie")
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	const install = "go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d"
	if os.Getenv("CI") == "true" {
		t.Fatalf("aws-lambda-rie is not on PATH nor in GOPATH/bin; .ci/run must install it (%s)", install)
	}
	t.Skipf("aws-lambda-rie is not on PATH nor in GOPATH/bin; install it to run this test: %s", install)
	return ""
}

// freeAddr returns a loopback address no one listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// syncBuffer collects the emulator's log for the failure message; the
// process writes it from its own goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startRIE builds internal/echofn, a real aws-lambda-go function, runs it
// under the Runtime Interface Emulator and returns the emulator's address.
func startRIE(t *testing.T) string {
	t.Helper()
	rie := findRIE(t)
	bootstrap := filepath.Join(t.TempDir(), "bootstrap")
	build := exec.Command("go", "build", "-o", bootstrap, "./internal/echofn")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building internal/echofn: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	log := &syncBuffer{}
	cmd := exec.Command(rie, "--runtime-interface-emulator-address", addr, "--runtime-api-address", freeAddr(t), bootstrap)
	cmd.Stdout, cmd.Stderr = log, log
	// The emulator starts the function as a child of its own; a process
	// group lets the cleanup stop both.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", rie, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("aws-lambda-rie log:\n%s", log.String())
		}
	})
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return "http://" + addr
		}
		select {
		case <-exited:
			t.Fatalf("aws-lambda-rie exited before listening on %s:\n%s", addr, log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("aws-lambda-rie did not listen on %s within 10s:\n%s", addr, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// rieFront stands between the SDK and the emulator to make up for the two
// ways aws-lambda-rie (v0.0.0-20261030222936) differs from Lambda's Invoke
// API:
//
//   - It serves a single function at /2015-03-31/functions/function/invocations
//     and answers 404 for any other name, while the handler sends a direct
//     Resource's full ARN as the FunctionName (so that cross-account and
//     qualified ARNs reach the right function on AWS). The front routes every
//     function to the emulator's one.
//   - It drops the X-Amz-Function-Error header that Lambda sets when the
//     runtime reports an error (POST /runtime/invocation/{id}/error): its
//     rie/util.go ResponseWriterProxy discards headers, so an error comes
//     back as a 200 with the error document as the body. The front restores
//     the header when the body is that document, {"errorMessage",
//     "errorType"} as aws-lambda-go writes it; this test's function never
//     succeeds with that shape. The handler itself never guesses.
func rieFront(t *testing.T, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	direct := proxy.Director
	proxy.Director = func(r *http.Request) {
		direct(r)
		r.URL.Path, r.URL.RawPath = "/2015-03-31/functions/function/invocations", ""
	}
	proxy.ModifyResponse = func(r *http.Response) error {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		r.Body.Close()
		var doc map[string]json.RawMessage
		if json.Unmarshal(body, &doc) == nil && len(doc) == 2 && doc["errorType"] != nil && doc["errorMessage"] != nil {
			r.Header.Set("X-Amz-Function-Error", "Unhandled")
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestRIE(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a function and starts aws-lambda-rie; not in -short mode")
	}
	endpoint := rieFront(t, startRIE(t))
	h := New(newClient(endpoint))
	// The emulator serves one function, always named "function".
	const direct = "arn:aws:lambda:us-east-1:123456789012:function:function"
	const invoke = "arn:aws:states:::lambda:invoke"
	for _, tc := range []struct {
		name     string
		resource string
		input    string
		want     string // output JSON; for lambda:invoke only its Payload and StatusCode
		err      string
		cause    string
	}{
		{name: "direct echo", resource: direct, input: `{"a":[1,2.50,"x"],"b":null}`, want: `{"a":[1,2.50,"x"],"b":null}`},
		{name: "direct string", resource: direct, input: `"HelloWorld"`, want: `"HelloWorld"`},
		{name: "direct typed error", resource: direct, input: `{"fail":"boom"}`, err: "failure",
			cause: `^\{"errorMessage":"boom","errorType":"failure"\}$`},
		{name: "direct errors.New", resource: direct, input: `{"fail":"plain"}`, err: "errorString",
			cause: `^\{"errorMessage":"plain failure","errorType":"errorString"\}$`},
		{name: "invoke echo", resource: invoke, input: `{"FunctionName":"function","Payload":{"k":"v"}}`, want: `{"Payload":{"k":"v"},"StatusCode":200}`},
		{name: "invoke string payload", resource: invoke, input: `{"FunctionName":"function","Payload":"[true]"}`, want: `{"Payload":[true],"StatusCode":200}`},
		{name: "invoke typed error", resource: invoke, input: `{"FunctionName":"function","Payload":{"fail":"bad input"}}`, err: "failure",
			cause: `^\{"errorMessage":"bad input","errorType":"failure"\}$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			out, serr := h.Call(ctx, &task.Call{State: "S", Resource: tc.resource, Input: decode(t, tc.input)})
			if m, ok := out.(map[string]any); ok && tc.resource == invoke {
				out = map[string]any{"Payload": m["Payload"], "StatusCode": m["StatusCode"]}
			}
			if serr != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				t.Fatalf("the emulator did not answer within 30s: %v", serr)
			}
			check(t, out, serr, tc.want, tc.err, tc.cause)
		})
	}
}
