package profile

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata from current output")

func mustParse(t *testing.T, text string) *Profile {
	t.Helper()
	p, err := Parse("p.yaml", []byte(text))
	if err != nil {
		t.Fatalf("Parse:\n%s\nfailed: %v", text, err)
	}
	return p
}

func TestParseDurations(t *testing.T) {
	tests := []struct {
		text string
		want time.Duration
	}{
		{`200ms`, 200 * time.Millisecond},
		{`1.5s`, 1500 * time.Millisecond},
		{`2m`, 2 * time.Minute},
		{`"1h2m"`, time.Hour + 2*time.Minute},
		{`0s`, 0},
		{`0`, 0},
		{`3`, 3 * time.Second},
		{`0.25`, 250 * time.Millisecond},
		{`1e-3`, time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p := mustParse(t, "mapRun: {startLatency: "+tt.text+"}")
			if p.MapRun.StartLatency != tt.want {
				t.Errorf("startLatency %s = %s, want %s", tt.text, p.MapRun.StartLatency, tt.want)
			}
		})
	}
}

func TestParseDists(t *testing.T) {
	ln, _ := NewLognormal(200*time.Millisecond, 2*time.Second)
	tests := []struct {
		text string
		want Dist
	}{
		{`{fixed: 1s}`, Fixed{time.Second}},
		{`1s`, Fixed{time.Second}},
		{`2`, Fixed{2 * time.Second}},
		{`{p50: 200ms, p99: 2s}`, ln},
		{`{uniform: [100ms, 300ms]}`, Uniform{100 * time.Millisecond, 300 * time.Millisecond}},
		{`{normal: {mean: 1s, stddev: 100ms}}`, Normal{time.Second, 100 * time.Millisecond}},
		{`{values: [100ms, 0.2]}`, Values{100 * time.Millisecond, 200 * time.Millisecond}},
		{`{perKB: {field: Size, ms: 2}}`, PerKB{Field: "Size", MsPerKB: 2}},
		{`{perKB: {field: Size, ms: 0.5, base: 10ms}}`, PerKB{Field: "Size", MsPerKB: 0.5, Base: 10 * time.Millisecond}},
		{`{perItem: 200ms}`, PerItem{200 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p := mustParse(t, "tasks:\n  A:\n    duration: "+tt.text+"\n")
			if got := p.Tasks["A"].Duration; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("duration %s parsed as %#v, want %#v", tt.text, got, tt.want)
			}
		})
	}
}

// TestJSONAndYAMLAgree parses the same profile written both ways.
func TestJSONAndYAMLAgree(t *testing.T) {
	yaml := `
mapRun: {startLatency: 1s, childStartRate: 10, childOverhead: 20ms}
stateTransitions: {burst: 800, perSecond: 800}
pools:
  lambda: {concurrency: 50, scalePer10s: 10, throttleError: X}
tasks:
  Process:
    duration: {p50: 200ms, p99: 2s}
    failures: {A: 0.1, B: 0.2}
    memoryMB: 1024
    arch: arm64
    pool: lambda
`
	json := `  {"mapRun": {"startLatency": "1s", "childStartRate": 10, "childOverhead": 0.02},
	 "stateTransitions": {"burst": 800, "perSecond": 800},
	 "pools": {"lambda": {"concurrency": 50, "scalePer10s": 10, "throttleError": "X"}},
	 "tasks": {"Process": {"duration": {"p50": "200ms", "p99": 2}, "failures": {"A": 0.1, "B": 0.2},
	   "memoryMB": 1024, "arch": "arm64", "pool": "lambda"}}}`
	y, j := mustParse(t, yaml), mustParse(t, json)
	if !reflect.DeepEqual(y, j) {
		t.Errorf("YAML and JSON differ:\nYAML %#v\nJSON %#v", y, j)
	}
	want := &Task{Key: "Process", Duration: mustLognormal(200*time.Millisecond, 2*time.Second),
		Failures: []Failure{{"A", 0.1}, {"B", 0.2}}, MemoryMB: 1024, Arch: ArchARM, Pool: LambdaPool}
	if !reflect.DeepEqual(y.Tasks["Process"], want) {
		t.Errorf("task = %#v, want %#v", y.Tasks["Process"], want)
	}
	if len(y.Assumptions) != 0 {
		t.Errorf("a profile setting everything assumed %q", y.Assumptions)
	}
}

func TestParseYAMLFlowStartingWithBrace(t *testing.T) {
	p := mustParse(t, "{tasks: {A: {duration: 1s}}}")
	if got := p.Tasks["A"].Duration; got != (Fixed{time.Second}) {
		t.Errorf("duration = %v, want fixed 1s", got)
	}
}

func TestParseBlankIsDefault(t *testing.T) {
	for _, text := range []string{"", "  \n", "# only a comment\n\n# another\n", "\uFEFF"} {
		p, err := Parse("p.yaml", []byte(text))
		if err != nil {
			t.Fatalf("Parse(%q): %v", text, err)
		}
		if !reflect.DeepEqual(p, Default()) {
			t.Errorf("Parse(%q) is not Default()", text)
		}
	}
}

func TestParseNullSections(t *testing.T) {
	p := mustParse(t, "mapRun:\npools:\ntasks:\n  Process:\n")
	if p.Tasks["Process"] == nil || p.Tasks["Process"].Duration != DefaultOtherDuration {
		t.Errorf("an empty task entry should take the default duration, got %#v", p.Tasks["Process"])
	}
}

func TestFailureSumExactlyOne(t *testing.T) {
	p := mustParse(t, "tasks: {A: {failures: {X: 0.1, Y: 0.2, Z: 0.7}}}")
	if n := len(p.Tasks["A"].Failures); n != 3 {
		t.Errorf("got %d failures, want 3", n)
	}
}

// TestExampleGolden pins what the documented example parses to: Describe
// and Assumptions, as a report would print them.
func TestExampleGolden(t *testing.T) {
	path := filepath.Join("testdata", "example.yaml")
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(path, text)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("# Describe\n")
	for _, l := range p.Describe() {
		b.WriteString(l + "\n")
	}
	b.WriteString("# Assumptions\n")
	for _, l := range p.Assumptions {
		b.WriteString(l + "\n")
	}
	golden := filepath.Join("testdata", "example.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("Describe and Assumptions of %s differ from %s (go test -update rewrites it):\ngot:\n%s", path, golden, got)
	}
}
