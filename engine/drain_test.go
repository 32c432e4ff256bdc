package engine_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/engine/itemreader"
)

func compileDef(t *testing.T, def string) *engine.Program {
	t.Helper()
	doc, err := asl.ParseJSON("d.json", []byte(def))
	must(t, err)
	prog, err := engine.Compile(doc.Root)
	must(t, err)
	return prog
}

// drainAt starts prog, drains it at the given time and runs it to its
// end, which must be ABORTED with sfnsim.Interrupted.
func drainAt(t *testing.T, clock *engine.VirtualClock, prog *engine.Program, input any, opts *engine.Options, at time.Duration) {
	t.Helper()
	x, err := prog.Start(input, opts, nil)
	must(t, err)
	clock.RunUntil(at)
	x.Drain()
	clock.Run()
	if x.Status != engine.StatusAborted || x.Error != engine.ErrInterrupted {
		t.Fatalf("%s %s, want ABORTED with %s: the run was asked to stop", x.Status, x.Error, engine.ErrInterrupted)
	}
}

// A Distributed Map nested in a child is not drained: the child it
// belongs to is running and waits for it. Draining it would hang the run.
func TestDrainLetsNestedMapsFinish(t *testing.T) {
	inner := `{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
		"StartAt":"W","States":{"W":{"Type":"Task","Resource":"` + lambdaARN + `","End":true}}},"End":true}`
	def := `{"StartAt":"Outer","States":{"Outer":{"Type":"Map","MaxConcurrency":1,
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Inner","States":{"Inner":` + inner + `}},"End":true}}}`
	clock := engine.NewVirtualClock(epoch)
	backend := &script{clock: clock, steps: map[string][]step{"W": {{d: time.Second, echo: true}}}}
	drainAt(t, clock, compileDef(t, def), decode(t, `[{"items":[1,2,3]},{"items":[4,5]}]`), &engine.Options{Clock: clock, Backend: backend}, 500*time.Millisecond)
	if len(backend.calls) != 3 {
		t.Errorf("%d calls, want the 3 of the first outer child's nested Map (the second child never starts)", len(backend.calls))
	}
}

// A Map whose items have all started ends as it would have when drained:
// its results are all SUCCEEDED, none PENDING; the state after it does not
// start, and the execution ends ABORTED.
func TestDrainAfterTheLastItemStarted(t *testing.T) {
	root := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(root, "out"), 0o755))
	def := `{"StartAt":"M","States":{"M":{"Type":"Map",
		"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"run"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C","States":{"C":{"Type":"Task","Resource":"` + lambdaARN + `","End":true}}},"Next":"After"},
		"After":{"Type":"Task","Resource":"` + lambdaARN + `","End":true}}}`
	clock := engine.NewVirtualClock(epoch)
	backend := &script{clock: clock, steps: map[string][]step{"C": {{d: time.Second, echo: true}}, "After": {{d: time.Second}}}}
	drainAt(t, clock, compileDef(t, def), decode(t, numbers(5)), &engine.Options{Clock: clock, Backend: backend, Writer: itemreader.DirStore{Root: root}}, 500*time.Millisecond)
	if len(backend.calls) != 5 {
		t.Errorf("%d calls, want the 5 children's: After must not start", len(backend.calls))
	}
	if counts := recordsByStatus(t, filepath.Join(root, "out", "run")); counts["SUCCEEDED"] != 5 || len(counts) != 1 {
		t.Errorf("records %v, want 5 SUCCEEDED and nothing else", counts)
	}
}

// Each run of a Map state entered more than once has its own ChildKey
// Visit, so a redrive does not take one run's children for another's.
func TestChildKeyCountsVisits(t *testing.T) {
	def := `{"StartAt":"M","States":{
		"M":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"C","States":{"C":{"Type":"Pass","End":true}}},
			"ResultPath":null,"Next":"Loop"},
		"Loop":{"Type":"Choice","Choices":[{"Variable":"$.round","NumericEquals":0,"Next":"Second"}],"Default":"Done"},
		"Second":{"Type":"Pass","Result":1,"ResultPath":"$.round","Next":"M"},
		"Done":{"Type":"Succeed"}}}`
	var keys []engine.ChildKey
	asked := map[engine.ChildKey]any{}
	obs := &recorder{ended: func(x *engine.Execution) {
		if k, ok := x.ChildKey(); ok {
			keys = append(keys, k)
		}
	}}
	redrive := func(k engine.ChildKey, input any) *engine.Succeeded {
		asked[k] = input
		return nil
	}
	clock := engine.NewVirtualClock(epoch)
	x, err := compileDef(t, def).Run(decode(t, `{"round":0,"items":[7,8]}`), &engine.Options{Clock: clock, Backend: &script{clock: clock}, Observer: obs, Redrive: redrive})
	must(t, err)
	if x.Status != engine.StatusSucceeded {
		t.Fatalf("%s %s %s", x.Status, x.Error, x.Cause)
	}
	want := []engine.ChildKey{{State: "M", Visit: 0, Index: 0}, {State: "M", Visit: 0, Index: 1}, {State: "M", Visit: 1, Index: 0}, {State: "M", Visit: 1, Index: 1}}
	if len(keys) != len(want) || len(asked) != len(want) {
		t.Fatalf("keys %v, asked %v; want %v", keys, asked, want)
	}
	for i, k := range want {
		if keys[i] != k {
			t.Errorf("key %d = %v, want %v", i, keys[i], k)
		}
		if _, ok := asked[k]; !ok {
			t.Errorf("Redrive not asked for %v", k)
		}
	}
	if compact(asked[engine.ChildKey{State: "M", Visit: 1, Index: 1}]) != "8" {
		t.Errorf("Redrive got input %s for the second item, want 8", compact(asked[engine.ChildKey{State: "M", Visit: 1, Index: 1}]))
	}
}

// A drained execution ends even when its last Map Run is abandoned rather
// than drained: here a sibling branch fails and its Catch moves on while
// the other Map has already halted.
func TestDrainEndsWhenTheLastMapIsAbandoned(t *testing.T) {
	dmap := func(name, task string) string {
		return `"` + name + `":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
			"StartAt":"` + task + `","States":{"` + task + `":{"Type":"Task","Resource":"` + lambdaARN + `","End":true}}},"End":true}`
	}
	def := `{"StartAt":"P0","States":{"P0":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"M1","States":{` + dmap("M1", "W1") + `}},
		{"StartAt":"P1","States":{
			"P1":{"Type":"Parallel","Catch":[{"ErrorEquals":["States.ALL"],"Next":"After"}],"End":true,"Branches":[
				{"StartAt":"M2","States":{` + dmap("M2", "W2") + `}},
				{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + lambdaARN + `","End":true}}}]},
			"After":{"Type":"Pass","End":true}}}]}}}`
	clock := engine.NewVirtualClock(epoch)
	backend := &script{clock: clock, steps: map[string][]step{
		"W1": {{d: time.Second}}, "W2": {{d: 10 * time.Second}}, "T": {{d: 5 * time.Second, err: "Boom"}}}}
	drainAt(t, clock, compileDef(t, def), decode(t, `{"items":[1]}`), &engine.Options{Clock: clock, Backend: backend}, 500*time.Millisecond)
}

// Distributed Maps inside inline Map iterations, which run side by side,
// are told apart by ChildKey.Within, whatever order they start in.
func TestChildKeyWithinInlineMaps(t *testing.T) {
	def := `{"StartAt":"Groups","States":{"Groups":{"Type":"Map","ItemsPath":"$.groups","End":true,"ItemProcessor":{"StartAt":"Prep","States":{
		"Prep":{"Type":"Task","Resource":"` + lambdaARN + `","ResultPath":null,"Next":"M"},
		"M":{"Type":"Map","ItemsPath":"$.items","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
			"StartAt":"C","States":{"C":{"Type":"Pass","End":true}}}}}}}}}`
	for _, first := range []int{0, 1} {
		clock := engine.NewVirtualClock(epoch)
		// The group that prepares faster starts its Map first.
		prep := []step{{d: 2 * time.Second}, {d: 2 * time.Second}}
		prep[first].d = time.Second
		backend := &script{clock: clock, steps: map[string][]step{"Prep": prep}}
		got := map[engine.ChildKey]string{}
		redrive := func(k engine.ChildKey, input any) *engine.Succeeded {
			got[k] = compact(input)
			return nil
		}
		_, err := compileDef(t, def).Run(decode(t, `{"groups":[{"items":["a0","a1"]},{"items":["b0"]}]}`),
			&engine.Options{Clock: clock, Backend: backend, Redrive: redrive})
		must(t, err)
		want := map[engine.ChildKey]string{
			{State: "M", Within: "Groups[0]", Index: 0}: `"a0"`,
			{State: "M", Within: "Groups[0]", Index: 1}: `"a1"`,
			{State: "M", Within: "Groups[1]", Index: 0}: `"b0"`,
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("group %d first: keys %v, want %v", first, got, want)
		}
	}
}
