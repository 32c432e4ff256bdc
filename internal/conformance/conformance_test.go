package conformance

import (
	"encoding/json"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

func TestEqual(t *testing.T) {
	n := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		recorded, produced any
		normalized, want   bool
	}{
		{map[string]any{"a": n("1"), "b": []any{"x"}}, map[string]any{"b": []any{"x"}, "a": n("1.0")}, false, true},
		{map[string]any{"a": n("1")}, map[string]any{"a": n("2")}, false, false},
		{map[string]any{"a": n("1")}, map[string]any{"a": n("1"), "b": nil}, false, false},
		{[]any{"a", "b"}, []any{"b", "a"}, false, false},
		{"arn:aws:states:<region>:111111111111:execution:<uuid:1>", "arn:aws:states:us-east-1:111111111111:execution:abc", true, true},
		{"arn:aws:states:<region>:111111111111:execution:<uuid:1>", "arn:aws:states:us-east-1:222222222222:execution:abc", true, false},
		{"arn:aws:states:<region>:1:x", "arn:aws:states:us-east-1:1:x", false, false}, // not normalized: literal
		{"date", "2026-01-01T00:00:00Z", true, true},
		{"date", "2026-01-01T00:00:00Z", false, false},
		{nil, nil, false, true},
		{true, true, false, true},
		{true, "true", false, false},
	}
	for i, tt := range tests {
		if got := Equal(tt.recorded, tt.produced, tt.normalized); got != tt.want {
			t.Errorf("%d: Equal(%v, %v, %v) = %v, want %v", i, tt.recorded, tt.produced, tt.normalized, got, tt.want)
		}
	}
}

// TestLoad reads every recorded case and checks the fields the harness
// relies on.
func TestLoad(t *testing.T) {
	cases, err := Load(sharedtest.Path(t, "conformance"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 435 {
		t.Errorf("%d cases, want the 435 of conformance/index.json", len(cases))
	}
	statuses := map[string]int{}
	for _, c := range cases {
		statuses[c.Expect.Status]++
		if c.Name == "" || len(c.Definition) == 0 || c.Area == "" {
			t.Errorf("%s/%s: incomplete case", c.Area, c.File)
		}
		if c.Expect.States == nil && !c.HasTag("output_only") {
			t.Errorf("%s: no states recorded and not tagged output_only", c.Name)
		}
		for _, tr := range c.TaskResults {
			if tr.State == "" || (tr.Outcome != "succeeded" && tr.Outcome != "failed" && tr.Outcome != "timed_out") {
				t.Errorf("%s: task result %+v", c.Name, tr)
			}
		}
	}
	t.Logf("%d cases by status: %v", len(cases), statuses)
}

func TestReplayer(t *testing.T) {
	str := func(s string) *string { return &s }
	c := &Case{TaskResults: []TaskResult{
		{State: "Invoke", Outcome: "failed", Error: str("Lambda.TooManyRequestsException")},
		{State: "Other", Outcome: "succeeded", Output: "x"},
		{State: "Invoke", Outcome: "succeeded", Output: "ok"},
		{State: "Item", Outcome: "succeeded", Output: "i1", Iteration: []Iteration{{Map: "M", Index: 1}}},
		{State: "Item", Outcome: "succeeded", Output: "i0", Iteration: []Iteration{{Map: "M", Index: 0}}},
	}}
	r := c.Replayer()
	first, err := r.Next("Invoke", nil)
	if err != nil || first.Outcome != "failed" {
		t.Fatalf("first Invoke = %+v, %v", first, err)
	}
	second, _ := r.Next("Invoke", nil)
	if second.Output != "ok" {
		t.Errorf("second Invoke = %+v", second)
	}
	if _, err := r.Next("Invoke", nil); err == nil {
		t.Error("a third Invoke was served; only two were recorded")
	}
	if it, _ := r.Next("Item", []Iteration{{Map: "M", Index: 0}}); it.Output != "i0" {
		t.Errorf("iteration 0 got %+v", it)
	}
	if r.Unused() != 2 {
		t.Errorf("Unused() = %d, want 2 (Other and iteration 1)", r.Unused())
	}
}
