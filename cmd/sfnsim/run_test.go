package main

import (
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	runner "github.com/sfnsim/sfnsim/execute"
)

// fakeLambda is a Lambda-compatible endpoint: a function that doubles the
// "n" of its input, and fails for the values in failing.
type fakeLambda struct {
	mu      sync.Mutex
	failing map[string]bool
	calls   map[string]int
}

func (f *fakeLambda) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var in struct{ N json.Number }
	json.Unmarshal(body, &in)
	f.mu.Lock()
	f.calls[string(in.N)]++
	fail := f.failing[string(in.N)]
	f.mu.Unlock()
	w.Header().Set("X-Amz-Executed-Version", "$LATEST")
	if fail {
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
		w.Write([]byte(`{"errorType":"ItemError","errorMessage":"cannot process ` + string(in.N) + `"}`))
		return
	}
	n, _ := in.N.Int64()
	w.Write([]byte(`{"doubled":` + jsonNumber(int(n*2)) + `}`))
}

func runEnv(t *testing.T) {
	// Credentials for the SDK's signer; the fakes do not check them.
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

const doubler = `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":3,"ToleratedFailureCount":5,
	"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Double","States":{
		"Double":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111122223333:function:double","End":true}}},"End":true}}}`

// A run against a Lambda endpoint, a failed child, and a redrive of it.
func TestRunLambdaAndRedrive(t *testing.T) {
	runEnv(t)
	fake := &fakeLambda{failing: map[string]bool{"3": true}, calls: map[string]int{}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	def := filepath.Join(dir, "double.asl.json")
	write(t, def, doubler)
	input := filepath.Join(dir, "in.json")
	write(t, input, `{"items":[{"n":1},{"n":2},{"n":3},{"n":4}]}`)
	runDir := filepath.Join(dir, "run")
	profile := filepath.Join(dir, "recorded.yaml")

	code, out, errOut := sfnsim(t, "", "run", def, "--input", input, "--endpoint-url", "lambda="+srv.URL,
		"--run-dir", runDir, "--record", profile)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"SUCCEEDED", "children: 3 succeeded, 1 failed", `first failed child: M[2] ItemError`, "run folder: " + runDir} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if recorded, err := os.ReadFile(profile); err != nil || !strings.Contains(string(recorded), `"ItemError": 0.25`) {
		t.Errorf("recorded profile (%v):\n%s", err, recorded)
	}

	// AWS redrives only executions that did not succeed.
	if code, _, errOut := sfnsim(t, "", "run", "--redrive", runDir); code != exitUsage || !strings.Contains(errOut, "nothing to redrive") {
		t.Errorf("redrive of a SUCCEEDED run: exit %d\n%s", code, errOut)
	}
	// Nor does a new run take an old run's folder.
	if code, _, errOut := sfnsim(t, "", "run", def, "--input", input, "--run-dir", runDir); code != exitUsage || !strings.Contains(errOut, "already holds a run") {
		t.Errorf("a second run in %s: exit %d\n%s", runDir, code, errOut)
	}

	// One at a time and no failure tolerated: item 3 fails the run, item 4
	// is PENDING. The redrive calls those two only.
	fake.mu.Lock()
	fake.failing, fake.calls = map[string]bool{"3": true}, map[string]int{}
	fake.mu.Unlock()
	strict := filepath.Join(dir, "strict.asl.json")
	write(t, strict, strings.Replace(doubler, `"MaxConcurrency":3,"ToleratedFailureCount":5`, `"MaxConcurrency":1`, 1))
	runDir = filepath.Join(dir, "strict-run")
	code, out, errOut = sfnsim(t, "", "run", strict, "--input", input, "--endpoint-url", "lambda="+srv.URL, "--run-dir", runDir)
	if code != exitFindings || !strings.Contains(out, "States.ExceedToleratedFailureThreshold") {
		t.Fatalf("strict run: exit %d\n%s\n%s", code, out, errOut)
	}
	fake.mu.Lock()
	fake.failing = nil
	fake.mu.Unlock()
	// While another process works in the folder, a redrive is refused.
	release, err := runner.LockRunDir(runDir)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut = sfnsim(t, "", "run", "--redrive", runDir, "--endpoint-url", "lambda="+srv.URL)
	release()
	if code != exitUsage || !strings.Contains(errOut, "is in use by another sfnsim run (process ") {
		t.Fatalf("redrive of a folder in use: exit %d\n%s", code, errOut)
	}
	code, out, errOut = sfnsim(t, "", "run", "--redrive", runDir, "--endpoint-url", "lambda="+srv.URL, "--format", "json")
	if code != exitOK {
		t.Fatalf("redrive: exit %d\n%s\n%s", code, out, errOut)
	}
	var sum struct {
		Status   string
		Output   []map[string]any
		Redriven int
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Status != "SUCCEEDED" || sum.Redriven != 2 || len(sum.Output) != 4 || sum.Output[2]["doubled"] != float64(6) {
		t.Errorf("redrive summary %+v", sum)
	}
	for item, n := range fake.calls {
		if want := map[bool]int{true: 2, false: 1}[item == "3"]; n != want {
			t.Errorf("item %s called %d times, want %d", item, n, want)
		}
	}
	if len(fake.calls) != 4 {
		t.Errorf("%d items called over the run and its redrive, want 4", len(fake.calls))
	}
	rec, err := os.ReadFile(filepath.Join(runDir, "run.json"))
	if err != nil || !strings.Contains(string(rec), `"status": "SUCCEEDED"`) || !strings.Contains(string(rec), `"redrives": 1`) {
		t.Errorf("run.json after the redrive (%v):\n%s", err, rec)
	}
}

// AWS_CA_BUNDLE names the certificates of a private endpoint: the run's
// own HTTP client must take them (an *http.Client cannot, and
// LoadDefaultConfig then fails).
func TestRunWithCABundle(t *testing.T) {
	runEnv(t)
	fake := &fakeLambda{calls: map[string]int{}}
	srv := httptest.NewTLSServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	bundle := filepath.Join(dir, "ca.pem")
	write(t, bundle, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})))
	t.Setenv("AWS_CA_BUNDLE", bundle)
	def := filepath.Join(dir, "double.asl.json")
	write(t, def, doubler)
	input := filepath.Join(dir, "in.json")
	write(t, input, `{"items":[{"n":1},{"n":2}]}`)
	code, out, errOut := sfnsim(t, "", "run", def, "--input", input, "--endpoint-url", "lambda="+srv.URL, "--run-dir", filepath.Join(dir, "run"))
	if code != exitOK || !strings.Contains(out, "children: 2 succeeded") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
}

// Offline: the ItemReader and ResultWriter in local folders, the Task
// answered from a mock configuration; a failing execution exits 1.
func TestRunOffline(t *testing.T) {
	runEnv(t)
	dir := t.TempDir()
	for _, d := range []string{"in", "out"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(dir, "in", "manifest.csv"), "Key,Size\na,1\nb,2\n")
	write(t, filepath.Join(dir, "mock.json"), `{"StateMachines":{"s3-inventory-transform":{"TestCases":{
		"Happy":{"TransformRecord":"Ok"},"Broken":{"TransformRecord":"Boom"}}}},
		"MockedResponses":{"Ok":{"0":{"Return":{"status":"DONE"}}},"Boom":{"0":{"Throw":{"Error":"Lambda.ServiceException","Cause":"down"}}}}}`)
	args := []string{"run", "../../examples/s3-inventory-transform.asl.json",
		"--s3-dir", "my-inventory-bucket=" + filepath.Join(dir, "in"), "--s3-dir", "my-output-bucket=" + filepath.Join(dir, "out"),
		"--mock-config", filepath.Join(dir, "mock.json"), "--run-dir", filepath.Join(dir, "run")}
	code, out, errOut := sfnsim(t, "", append(args, "--test-case", "Happy")...)
	if code != exitOK || !strings.Contains(out, "results: s3://my-output-bucket/results/") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	manifests, _ := filepath.Glob(filepath.Join(dir, "out", "results", "*", "manifest.json"))
	if len(manifests) != 1 {
		t.Errorf("%d manifests written", len(manifests))
	}

	// Without the Catch the failures fail the run: exit 1.
	noCatch := filepath.Join(dir, "s3-inventory-transform.asl.json")
	text, _ := os.ReadFile("../../examples/s3-inventory-transform.asl.json")
	var doc map[string]any
	json.Unmarshal(text, &doc)
	doc["States"].(map[string]any)["ProcessS3Objects"].(map[string]any)["ItemProcessor"].(map[string]any)["States"].(map[string]any)["TransformRecord"].(map[string]any)["Catch"] = nil
	delete(doc["States"].(map[string]any)["ProcessS3Objects"].(map[string]any)["ItemProcessor"].(map[string]any)["States"].(map[string]any)["TransformRecord"].(map[string]any), "Catch")
	delete(doc["States"].(map[string]any)["ProcessS3Objects"].(map[string]any)["ItemProcessor"].(map[string]any)["States"].(map[string]any), "RecordFailure")
	b, _ := json.Marshal(doc)
	write(t, noCatch, string(b))
	args[1] = noCatch
	args[len(args)-1] = filepath.Join(dir, "run2")
	code, out, _ = sfnsim(t, "", append(args, "--test-case", "Broken")...)
	if code != exitFindings || !strings.Contains(out, "FAILED") || !strings.Contains(out, "States.ExceedToleratedFailureThreshold") ||
		!strings.Contains(out, "--redrive") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestRunErrors(t *testing.T) {
	runEnv(t)
	dir := t.TempDir()
	def := filepath.Join(dir, "double.asl.json")
	write(t, def, doubler)
	cfn := filepath.Join(dir, "template.yaml")
	write(t, cfn, `Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      Definition:
        StartAt: Work
        States: {Work: {Type: Task, Resource: !GetAtt Fn.Arn, End: true}}
`)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run"}, "give the DEFINITION to run"},
		{[]string{"run", def, "--target", "cloud"}, `--target "cloud": use local or aws`},
		{[]string{"run", def, "--format", "xml"}, `--format "xml": use text or json`},
		{[]string{"run", def, "--endpoint-url", "lambda"}, "write SERVICE=URL"},
		{[]string{"run", def, "--s3-dir", "bucket"}, "--s3-dir"},
		{[]string{"run", def, "--mock-config", "x.json"}, "--mock-config and --test-case go together"},
		{[]string{"run", "--redrive", filepath.Join(dir, "nothing")}, "--redrive"},
		{[]string{"run", "--redrive", dir, def}, "give no DEFINITION, --input, --run-dir, --type or --name with it"},
		{[]string{"run", "-", "--input", "-"}, "cannot both come from standard input"},
		{[]string{"run", "--redrive", dir, "--run-dir", "x"}, "give no DEFINITION, --input, --run-dir, --type or --name with it"},
		{[]string{"run", def, "--endpoint-url", "lambda=notaurl"}, `"notaurl" is not an http:// or https:// URL with a host`},
		{[]string{"run", def, "--endpoint-url", "s3=ftp://x"}, `is not an http:// or https:// URL`},
		{[]string{"run", def, "--region", "not a region!"}, `--region "not a region!" is not a Region name`},
		{[]string{"run", cfn}, `template.yaml:7:47: Task "Work" calls ${GetAtt:Fn.Arn}, a template reference sfnsim cannot resolve`},
		{[]string{"run", def, "--target", "aws", "--redrive", dir}, "--redrive is for local runs"},
		{[]string{"run", def, "--target", "aws", "--s3-dir", "b=" + dir}, "--s3-dir is for local runs"},
	}
	for _, tt := range tests {
		code, out, errOut := sfnsim(t, "", tt.args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("sfnsim %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

// --target aws: the calls the SDK makes, against a server speaking the
// Step Functions JSON protocol.
func TestRunTargetAWS(t *testing.T) {
	runEnv(t)
	var mu sync.Mutex
	var ops []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSStepFunctions.")
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		ops = append(ops, op)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		switch op {
		case "ListStateMachines":
			w.Write([]byte(`{"stateMachines":[]}`))
		case "CreateStateMachine":
			if !strings.Contains(string(body), `"roleArn":"arn:aws:iam::111122223333:role/sfn"`) {
				http.Error(w, `{"__type":"ValidationException","message":"no role"}`, 400)
				return
			}
			w.Write([]byte(`{"stateMachineArn":"arn:aws:states:us-east-1:111122223333:stateMachine:double","creationDate":1}`))
		case "StartExecution":
			w.Write([]byte(`{"executionArn":"arn:aws:states:us-east-1:111122223333:execution:double:x","startDate":1}`))
		case "DescribeExecution":
			w.Write([]byte(`{"executionArn":"arn:aws:states:us-east-1:111122223333:execution:double:x","status":"SUCCEEDED","output":"[2,4]","startDate":1,"stopDate":2}`))
		case "ListMapRuns":
			w.Write([]byte(`{"mapRuns":[]}`))
		default:
			http.Error(w, `{"__type":"UnknownOperationException"}`, 400)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	def := filepath.Join(dir, "double.asl.json")
	write(t, def, doubler)
	code, out, errOut := sfnsim(t, "", "run", def, "--target", "aws", "--role-arn", "arn:aws:iam::111122223333:role/sfn",
		"--endpoint-url", "stepfunctions="+srv.URL)
	if code != exitOK || !strings.Contains(out, "SUCCEEDED") || !strings.Contains(out, "execution: arn:aws:states:us-east-1:111122223333:execution:double:x") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(ops, ","); !strings.HasPrefix(got, "ListStateMachines,CreateStateMachine,StartExecution,DescribeExecution") {
		t.Errorf("calls %s", got)
	}
}
