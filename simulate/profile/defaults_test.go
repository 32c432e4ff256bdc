package profile

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDefault(t *testing.T) {
	p := Default()
	if p.MapRun != (MapRun{}) {
		t.Errorf("MapRun = %+v, want all zero", p.MapRun)
	}
	if want := (Bucket{Burst: 5000, PerSecond: 5000}); p.StateTransitions != want {
		t.Errorf("StateTransitions = %+v, want %+v", p.StateTransitions, want)
	}
	want := map[string]*Pool{"lambda": {Name: "lambda", Concurrency: 1000, ScalePer10s: 1000, ThrottleError: "Lambda.TooManyRequestsException"}}
	if !reflect.DeepEqual(p.Pools, want) {
		t.Errorf("Pools = %+v, want %+v", p.Pools["lambda"], want["lambda"])
	}
	if len(p.Tasks) != 0 {
		t.Errorf("Tasks = %v, want none", p.Tasks)
	}
	// One assumption per defaulted setting: 3 mapRun, 2 bucket, 3 lambda.
	if len(p.Assumptions) != 8 {
		t.Errorf("got %d assumptions, want 8:\n%s", len(p.Assumptions), strings.Join(p.Assumptions, "\n"))
	}
	if !contains(p.Assumptions, "Lambda pool: 1,000 concurrency (AWS default account limit)") {
		t.Errorf("Assumptions miss the Lambda concurrency:\n%s", strings.Join(p.Assumptions, "\n"))
	}
	for _, l := range p.Describe() {
		if !strings.HasSuffix(l, " (default)") {
			t.Errorf("Default().Describe() line %q is not marked (default)", l)
		}
	}
}

// TestAssumptionsOfParsed checks that a parsed profile lists exactly the
// defaults it still relies on.
func TestAssumptionsOfParsed(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // substrings, one per assumption, in order
	}{
		{"everything set", `
mapRun: {startLatency: 0s, childStartRate: 0, childOverhead: 0s}
stateTransitions: {burst: 5000, perSecond: 5000}
pools: {lambda: {concurrency: 1000, scalePer10s: 1000, throttleError: Lambda.TooManyRequestsException}}`, nil},
		{"only mapRun", `mapRun: {startLatency: 1s, childStartRate: 5, childOverhead: 1s}`,
			[]string{"5,000 burst", "5,000 per second", "1,000 concurrency", "1,000 concurrent calls every 10s", "TooManyRequests"}},
		{"partial lambda pool", `
mapRun: {startLatency: 1s, childStartRate: 5, childOverhead: 1s}
stateTransitions: {burst: 800, perSecond: 800}
pools: {lambda: {concurrency: 10}}`,
			[]string{"every 10s", "TooManyRequests"}},
		{"other pool needs nothing assumed", `
mapRun: {startLatency: 1s, childStartRate: 5, childOverhead: 1s}
stateTransitions: {burst: 800, perSecond: 800}
pools: {lambda: {concurrency: 10, scalePer10s: 0, throttleError: ""}, db: {concurrency: 3}}`, nil},
		{"task defaults", `
mapRun: {startLatency: 1s, childStartRate: 5, childOverhead: 1s}
stateTransitions: {burst: 800, perSecond: 800}
pools: {lambda: {concurrency: 10, scalePer10s: 0, throttleError: ""}}
tasks:
  B: {duration: 1s, memoryMB: 256}
  A: {}`,
			[]string{`task "A": duration fixed 100ms`, `task "A": memoryMB 128`, `task "A": arch x86_64`, `task "B": arch x86_64`}},
		{"lambda ARN task default duration", `
mapRun: {startLatency: 1s, childStartRate: 5, childOverhead: 1s}
stateTransitions: {burst: 800, perSecond: 800}
pools: {lambda: {concurrency: 10, scalePer10s: 0, throttleError: ""}}
tasks: {"arn:aws:lambda:us-east-1:1:function:f": {memoryMB: 256, arch: arm64}}`,
			[]string{"duration lognormal p50 100ms p99 1s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.text)
			if len(p.Assumptions) != len(tt.want) {
				t.Fatalf("got %d assumptions, want %d:\n%s", len(p.Assumptions), len(tt.want), strings.Join(p.Assumptions, "\n"))
			}
			for i, w := range tt.want {
				if !strings.Contains(p.Assumptions[i], w) {
					t.Errorf("assumption %d = %q, want it to contain %q", i, p.Assumptions[i], w)
				}
			}
		})
	}
}

func TestIsLambda(t *testing.T) {
	tests := []struct {
		resource string
		want     bool
	}{
		{"arn:aws:lambda:us-east-1:123456789012:function:f", true},
		{"arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST", true},
		{"arn:aws-cn:lambda:cn-north-1:123456789012:function:f", true},
		{"arn:aws:states:::lambda:invoke", true},
		{"arn:aws:states:::lambda:invoke.waitForTaskToken", true},
		{"arn:aws:states:::s3:putObject", false},
		{"arn:aws:states:::aws-sdk:lambda:invoke", false},
		{"arn:aws:states:us-east-1:123456789012:activity:a", false},
		{"arn:aws:states:::states:startExecution.sync:2", false},
		{"lambda", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsLambda(tt.resource); got != tt.want {
			t.Errorf("IsLambda(%q) = %v, want %v", tt.resource, got, tt.want)
		}
	}
}

func TestDefaultTask(t *testing.T) {
	p := Default()
	before := len(p.Assumptions)
	tests := []struct {
		resource string
		want     *Task
	}{
		{"arn:aws:states:::lambda:invoke", &Task{Duration: DefaultLambdaDuration, MemoryMB: 128, Arch: "x86_64", Pool: "lambda"}},
		{"arn:aws:lambda:us-east-1:1:function:f", &Task{Duration: DefaultLambdaDuration, MemoryMB: 128, Arch: "x86_64", Pool: "lambda"}},
		{"arn:aws:states:::dynamodb:putItem", &Task{Duration: Fixed{100 * time.Millisecond}}},
	}
	for _, tt := range tests {
		if got := p.DefaultTask(tt.resource); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DefaultTask(%q) = %+v, want %+v", tt.resource, got, tt.want)
		}
	}
	if got := DefaultLambdaDuration.String(); got != "lognormal p50 100ms p99 1s" {
		t.Errorf("default Lambda duration %s, want lognormal p50 100ms p99 1s", got)
	}
	if len(p.Assumptions) != before {
		t.Error("DefaultTask added to Assumptions; the simulator records which defaults it used")
	}
}

func TestTaskFor(t *testing.T) {
	const fn = "arn:aws:lambda:us-east-1:1:function:f"
	p := mustParse(t, `
pools: {db: {concurrency: 2}}
tasks:
  Process: {duration: 1s}
  Save: {duration: 2s, pool: db}
  Plain: {duration: 4s, pool: none}
  "arn:aws:lambda:us-east-1:1:function:f": {duration: 3s}
  "arn:aws:states:::s3:putObject": {duration: 5s}
`)
	tests := []struct {
		state, resource string
		wantDur         time.Duration // 0: want nil
		wantPool        string
	}{
		{"Process", fn, time.Second, "lambda"},
		{"Process", "arn:aws:states:::lambda:invoke", time.Second, "lambda"},
		{"Process", "arn:aws:states:::sqs:sendMessage", time.Second, ""},
		{"Save", fn, 2 * time.Second, "db"},
		{"Plain", fn, 4 * time.Second, ""},
		{"Other", fn, 3 * time.Second, "lambda"},
		{"Other", "arn:aws:states:::s3:putObject", 5 * time.Second, ""},
		{"Other", "arn:aws:states:::sqs:sendMessage", 0, ""},
	}
	for _, tt := range tests {
		got := p.TaskFor(tt.state, tt.resource)
		if tt.wantDur == 0 {
			if got != nil {
				t.Errorf("TaskFor(%q, %q) = %+v, want nil", tt.state, tt.resource, got)
			}
			continue
		}
		if got == nil {
			t.Errorf("TaskFor(%q, %q) = nil", tt.state, tt.resource)
			continue
		}
		if d := got.Duration.Sample(nil, nil, 1); d != tt.wantDur || got.Pool != tt.wantPool {
			t.Errorf("TaskFor(%q, %q) = %s in pool %q, want %s in pool %q", tt.state, tt.resource, d, got.Pool, tt.wantDur, tt.wantPool)
		}
	}
	if a, b := p.TaskFor("Process", fn), p.TaskFor("Process", fn); a != b {
		t.Error("TaskFor allocates a new Task per call; it is on the simulator's hot path")
	}
}

func TestFormatInt(t *testing.T) {
	tests := map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -5000: "-5,000"}
	for n, want := range tests {
		if got := formatInt(n); got != want {
			t.Errorf("formatInt(%d) = %q, want %q", n, got, want)
		}
	}
}
