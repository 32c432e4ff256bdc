package execute

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/execute/lambda"
	"github.com/sfnsim/sfnsim/execute/task"
)

// lambdaEndpoint is an in-process Lambda-compatible HTTP endpoint: Invoke
// returns the payload it was given, wrapped as {"echo": payload}.
func lambdaEndpoint(t testing.TB, calls *atomic.Int64) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/2015-03-31/functions/") || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		calls.Add(1)
		w.Header().Set("X-Amz-Executed-Version", "$LATEST")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"echo":` + string(body) + `}`))
	}))
	// Enough backlog for a thousand connections arriving at once.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// lambdaClient is the client sfnsim run makes, pointed at url.
func lambdaClient(url string) *awslambda.Client {
	return awslambda.New(awslambda.Options{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint:     aws.String(url),
		HTTPClient:       HTTPClient(),
		RetryMaxAttempts: 1,
	})
}

func openFiles(t testing.TB) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd to count descriptors with")
	}
	return len(entries)
}

// Load (issue #6): 100,000 items at 1,000 children at a time against the
// in-process Lambda endpoint, through the real SDK client: no item lost,
// no goroutine or descriptor leaked.
func TestLoad100kItems(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 Lambda calls over loopback")
	}
	const n = 100_000
	var calls atomic.Int64
	srv := lambdaEndpoint(t, &calls)
	client := lambdaClient(srv.URL)

	// The items come from a JSONL object and the results go to a
	// ResultWriter, in a local folder standing for S3: 100,000 items are
	// far over the 256 KiB an input or output may hold.
	root := t.TempDir()
	for _, dir := range []string{"in", "out"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var lines strings.Builder
	for i := range n {
		fmt.Fprintf(&lines, "{\"i\":%d}\n", i)
	}
	if err := os.WriteFile(filepath.Join(root, "in", "items.jsonl"), []byte(lines.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := asl.ParseJSON("load.json", []byte(`{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1000,
		"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL"},"Parameters":{"Bucket":"in","Key":"items.jsonl"}},
		"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"load"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Work","States":{
			"Work":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111122223333:function:work","End":true}}},"End":true}}}`))
	if err != nil {
		t.Fatal(err)
	}
	store := itemreader.DirStore{Root: root}

	goroutines, files := runtime.NumGoroutine(), openFiles(t)
	start := time.Now()
	sum, err := Run(context.Background(), Config{
		Definition: doc.Root, Name: "load", Input: map[string]any{}, Store: store, Writer: store,
		Handlers: []task.Handler{lambda.New(client)}, RunDir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if sum.Status != engine.StatusSucceeded || sum.Children[engine.StatusSucceeded] != n || calls.Load() != n {
		t.Fatalf("%s %s: %v children, %d calls", sum.Status, sum.Cause, sum.Children, calls.Load())
	}
	// Every item's result is in the result files, once.
	seen := make([]bool, n)
	results, _ := filepath.Glob(filepath.Join(root, "out", "load", "*", "SUCCEEDED_*.json"))
	for _, f := range results {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var records []struct{ Output string }
		if err := json.Unmarshal(data, &records); err != nil {
			t.Fatal(err)
		}
		for _, r := range records {
			var out struct{ Echo struct{ I int } }
			if err := json.Unmarshal([]byte(r.Output), &out); err != nil || seen[out.Echo.I] {
				t.Fatalf("record %q: %v, or the item came back twice", r.Output, err)
			}
			seen[out.Echo.I] = true
		}
	}
	for i, ok := range seen {
		if !ok {
			t.Fatalf("item %d has no result", i)
		}
	}
	srv.CloseClientConnections()
	// Goroutines and descriptors of the run go away (allowing the test
	// server's own and a little slack while connections close).
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && (runtime.NumGoroutine() > goroutines+10 || openFiles(t) > files+10) {
		time.Sleep(50 * time.Millisecond)
	}
	if g, f := runtime.NumGoroutine(), openFiles(t); g > goroutines+10 || f > files+10 {
		t.Errorf("after the run: %d goroutines (%d before), %d descriptors (%d before)", g, goroutines, f, files)
	}
	t.Logf("%d items at 1,000 at a time in %v (%.0f items/s)", n, took.Round(time.Millisecond), float64(n)/took.Seconds())
}
