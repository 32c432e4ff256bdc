package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/engine/itemreader"
)

func TestParallelAndInlineMap(t *testing.T) {
	tests := []struct {
		name, def, input string
		steps            map[string][]step
		output           string
		err              string
		took             time.Duration
	}{
		{name: "parallel results in branch order",
			def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
				{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":5,"Next":"A2"},"A2":{"Type":"Pass","Result":"a","End":true}}},
				{"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}}],"ResultSelector":{"r.$":"$"},"End":true}}}`,
			output: `{"r":["a","b"]}`, took: 5 * time.Second},
		{name: "a failing branch fails the state with its own error",
			def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
				{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":50,"End":true}}},
				{"StartAt":"B","States":{"B":{"Type":"Fail","Error":"BranchBroke"}}}],"End":true}}}`,
			err: "BranchBroke"},
		{name: "parallel retry runs every branch again",
			def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Retry":[{"ErrorEquals":["E"],"IntervalSeconds":1}],"Branches":[
				{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"` + lambdaARN + `","End":true}}}],"End":true}}}`,
			steps:  map[string][]step{"A": {{err: "E"}, {out: "x"}}},
			output: `["x"]`, took: time.Second},
		{name: "inline map with item selector and concurrency",
			def: `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
				"ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index","k.$":"$.k"},
				"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + lambdaARN + `","End":true}}},"End":true}}}`,
			input:  `{"items":["a","b","c"],"k":1}`,
			steps:  map[string][]step{"T": {{d: time.Second, echo: true}}},
			output: `[{"i":0,"k":1,"v":"a"},{"i":1,"k":1,"v":"b"},{"i":2,"k":1,"v":"c"}]`, took: 2 * time.Second},
		{name: "inline map over a non-array",
			def:   `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`,
			input: `{"a":1}`, err: "States.Runtime"},
		{name: "jsonata map items",
			def: `{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $states.input.n %}",
				"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $states.input * 2 %}","End":true}}},"End":true}}}`,
			input: `{"n":[1,2,3]}`, output: `[2,4,6]`},
		{name: "empty inline map",
			def:   `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`,
			input: `[]`, output: `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := execute(t, tt.def, tt.input, tt.steps)
			if tt.err != "" {
				wantFailure(t, r, engine.StatusFailed, tt.err, "")
				return
			}
			wantOutput(t, r, tt.output)
			if took := r.x.StopTime.Sub(r.x.StartTime); took != tt.took {
				t.Errorf("took %v, want %v", took, tt.took)
			}
		})
	}
}

// concurrency watches child executions to find the peak in flight.
type concurrency struct {
	running, peak, started, ended int
	status                        map[string]int
}

func (c *concurrency) ExecutionStarted(x *engine.Execution) {
	if x.Parent == nil {
		return
	}
	c.started++
	c.running++
	c.peak = max(c.peak, c.running)
}

func (c *concurrency) ExecutionEnded(x *engine.Execution) {
	if x.Parent == nil {
		return
	}
	c.ended++
	c.running--
	if c.status == nil {
		c.status = map[string]int{}
	}
	c.status[x.Status]++
}

func distributed(execType, fields, child string) string {
	return `{"StartAt":"M","States":{"M":{"Type":"Map",` + fields + `,
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"` + execType + `"},"StartAt":"C","States":{"C":` + child + `}},"End":true}}}`
}

func numbers(n int) string {
	var b strings.Builder
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprint(&b, i)
	}
	b.WriteString("]")
	return b.String()
}

// Closed forms: N items of duration d at MaxConcurrency C take
// ceil(N/C)·d, never more than C at once; batches of B make ceil(N/B)
// children.
func TestDistributedMapClosedForms(t *testing.T) {
	task := `{"Type":"Task","Resource":"` + lambdaARN + `","End":true}`
	tests := []struct {
		n, conc, batch int
		children       int
		took           time.Duration
	}{
		{n: 100, conc: 10, children: 100, took: 10 * time.Second},
		{n: 101, conc: 10, children: 101, took: 11 * time.Second},
		{n: 7, conc: 1, children: 7, took: 7 * time.Second},
		{n: 1130, conc: 0, batch: 100, children: 12, took: time.Second},
		{n: 1000, conc: 3, batch: 100, children: 10, took: 4 * time.Second},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("N%d_C%d_B%d", tt.n, tt.conc, tt.batch), func(t *testing.T) {
			fields := fmt.Sprintf(`"MaxConcurrency":%d`, tt.conc)
			if tt.batch > 0 {
				fields += fmt.Sprintf(`,"ItemBatcher":{"MaxItemsPerBatch":%d}`, tt.batch)
			}
			obs := &concurrency{}
			r := execute(t, distributed("EXPRESS", fields, task), numbers(tt.n), map[string][]step{"C": {{d: time.Second, out: 1}}},
				func(o *engine.Options) { o.Observer = obs })
			if r.x.Status != engine.StatusSucceeded {
				t.Fatalf("%s %s %s", r.x.Status, r.x.Error, r.x.Cause)
			}
			if took := r.x.StopTime.Sub(r.x.StartTime); took != tt.took {
				t.Errorf("took %v, want %v", took, tt.took)
			}
			if obs.started != tt.children || r.x.Stats().ChildExecutions != int64(tt.children) {
				t.Errorf("%d children (stats %d), want %d", obs.started, r.x.Stats().ChildExecutions, tt.children)
			}
			limit := tt.conc
			if limit == 0 {
				limit = engine.MaxChildren
			}
			if obs.peak > limit {
				t.Errorf("peak concurrency %d over MaxConcurrency %d", obs.peak, limit)
			}
			if got := len(r.x.Output.([]any)); got != tt.children {
				t.Errorf("%d results, want %d", got, tt.children)
			}
			if st := r.x.Stats(); st.Executions[1] != int64(tt.children) || st.ExpressDuration != time.Duration(tt.children)*time.Second {
				t.Errorf("express executions %d, duration %v", st.Executions[1], st.ExpressDuration)
			}
		})
	}
}

// The batch input shape, with BatchInput and a byte limit.
func TestItemBatcher(t *testing.T) {
	def := distributed("STANDARD", `"ItemSelector":{"v.$":"$$.Map.Item.Value"},"ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"job.$":"$.job"}},"ItemsPath":"$.items"`,
		`{"Type":"Pass","End":true}`)
	r := execute(t, def, `{"job":"j1","items":[1,2,3]}`, nil)
	wantOutput(t, r, `[{"BatchInput":{"job":"j1"},"Items":[{"v":1},{"v":2}]},{"BatchInput":{"job":"j1"},"Items":[{"v":3}]}]`)

	// Each item is 12 bytes as JSON ("xxxxxxxxxx" with quotes); 40 bytes
	// hold {"Items":[…]} and two of them.
	bytes := distributed("STANDARD", `"ItemBatcher":{"MaxInputBytesPerBatch":40}`, `{"Type":"Pass","End":true}`)
	r = execute(t, bytes, `["xxxxxxxxxx","xxxxxxxxxx","xxxxxxxxxx","xxxxxxxxxx","xxxxxxxxxx"]`, nil)
	if r.x.Status != engine.StatusSucceeded {
		t.Fatal(r.x.Error, r.x.Cause)
	}
	var sizes []int
	for _, b := range r.x.Output.([]any) {
		sizes = append(sizes, len(b.(map[string]any)["Items"].([]any)))
	}
	if !reflect.DeepEqual(sizes, []int{2, 2, 1}) {
		t.Errorf("batch sizes %v, want [2 2 1]", sizes)
	}
}

// Tolerated failures: the run fails when failed items exceed the count or
// the percentage, with States.ExceedToleratedFailureThreshold.
func TestToleratedFailures(t *testing.T) {
	task := `{"Type":"Task","Resource":"` + lambdaARN + `","End":true}`
	// Items 0..9 one at a time; the first `failing` children fail.
	tests := []struct {
		name, fields string
		failing      int // the first n items fail
		status       string
	}{
		{name: "no tolerance: the first failure", fields: `"MaxConcurrency":1`, failing: 1, status: engine.StatusFailed},
		{name: "count 2 tolerates 2", fields: `"MaxConcurrency":1,"ToleratedFailureCount":2`, failing: 2, status: engine.StatusSucceeded},
		{name: "count 2 fails at 3", fields: `"MaxConcurrency":1,"ToleratedFailureCount":2`, failing: 3, status: engine.StatusFailed},
		{name: "20 percent tolerates 2 of 10", fields: `"MaxConcurrency":1,"ToleratedFailurePercentage":20`, failing: 2, status: engine.StatusSucceeded},
		{name: "20 percent fails at 3 of 10", fields: `"MaxConcurrency":1,"ToleratedFailurePercentage":20`, failing: 3, status: engine.StatusFailed},
		{name: "100 percent never fails", fields: `"ToleratedFailurePercentage":100`, failing: 10, status: engine.StatusSucceeded},
		{name: "either threshold trips", fields: `"MaxConcurrency":1,"ToleratedFailurePercentage":50,"ToleratedFailureCount":1`, failing: 2, status: engine.StatusFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps := []step{}
			for range tt.failing {
				steps = append(steps, step{d: time.Second, err: "Item.Failed"})
			}
			steps = append(steps, step{d: time.Second, out: "ok"})
			obs := &concurrency{}
			r := execute(t, distributed("STANDARD", tt.fields, task), numbers(10), map[string][]step{"C": steps},
				func(o *engine.Options) { o.Observer = obs })
			if r.x.Status != tt.status {
				t.Fatalf("status %s (%s), want %s", r.x.Status, r.x.Error, tt.status)
			}
			if tt.status == engine.StatusFailed {
				wantFailure(t, r, engine.StatusFailed, "States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded")
				// With MaxConcurrency 1 the run stops at the failure that
				// trips it: no item after it starts.
				if strings.Contains(tt.fields, `"MaxConcurrency":1`) && obs.started != failuresToTrip(tt.fields, tt.failing) {
					t.Errorf("%d children started, want %d", obs.started, failuresToTrip(tt.fields, tt.failing))
				}
			}
		})
	}
}

// failuresToTrip is the child whose failure trips the run in the table
// above: the first failure beyond the tolerance.
func failuresToTrip(fields string, failing int) int {
	switch {
	case strings.Contains(fields, `"ToleratedFailureCount":1`):
		return 2
	case strings.Contains(fields, `"ToleratedFailureCount":2`):
		return 3
	case strings.Contains(fields, `"ToleratedFailurePercentage":20`):
		return 3
	}
	return 1
}

// An EXPRESS child past five minutes times out, and counts as failed.
func TestExpressChildLimit(t *testing.T) {
	task := `{"Type":"Task","Resource":"` + lambdaARN + `","End":true}`
	obs := &concurrency{}
	r := execute(t, distributed("EXPRESS", `"ToleratedFailureCount":5`, task), `[1,2]`,
		map[string][]step{"C": {{d: 6 * time.Minute, out: 1}, {d: time.Minute, out: 2}}},
		func(o *engine.Options) { o.Observer = obs })
	wantOutput(t, r, `[null,2]`)
	if obs.status[engine.StatusTimedOut] != 1 || obs.status[engine.StatusSucceeded] != 1 {
		t.Errorf("children ended %v, want one TIMED_OUT and one SUCCEEDED", obs.status)
	}
	if took := r.x.StopTime.Sub(r.x.StartTime); took != engine.ExpressLimit {
		t.Errorf("took %v, want %v", took, engine.ExpressLimit)
	}
}

// ItemReader and ResultWriter through a local folder standing in for S3.
func TestItemReaderAndResultWriter(t *testing.T) {
	root := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(root, "in"), 0o755))
	must(t, os.MkdirAll(filepath.Join(root, "out"), 0o755))
	must(t, os.WriteFile(filepath.Join(root, "in", "rows.csv"), []byte("id,size\na,1\nb,2\nc,3\n"), 0o644))
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","Label":"Rows",
		"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
			"Parameters":{"Bucket":"in","Key.$":"$.key"}},
		"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"runs"}},
		"ToleratedFailureCount":1,
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C","States":{
			"C":{"Type":"Choice","Choices":[{"Variable":"$.id","StringEquals":"b","Next":"Bad"}],"Default":"Good"},
			"Bad":{"Type":"Fail","Error":"BadRow","Cause":"row b"},
			"Good":{"Type":"Pass","End":true}}},"End":true}}}`
	store := itemreader.DirStore{Root: root}
	r := execute(t, def, `{"key":"rows.csv"}`, nil, func(o *engine.Options) { o.Store, o.Writer = store, store })
	if r.x.Status != engine.StatusSucceeded {
		t.Fatalf("%s %s %s", r.x.Status, r.x.Error, r.x.Cause)
	}
	out := r.x.Output.(map[string]any)
	details := out["ResultWriterDetails"].(map[string]any)
	key := details["Key"].(string)
	if !strings.HasPrefix(key, "runs/") || !strings.HasSuffix(key, "/manifest.json") || details["Bucket"] != "out" {
		t.Errorf("ResultWriterDetails %v", details)
	}
	if arn := out["MapRunArn"].(string); !strings.Contains(arn, ":mapRun:sfnsim/Rows:") {
		t.Errorf("MapRunArn %s", arn)
	}
	dir := filepath.Join(root, "out", filepath.Dir(key))
	var manifest struct {
		ResultFiles map[string][]struct{ Key string }
	}
	readJSON(t, filepath.Join(dir, "manifest.json"), &manifest)
	if len(manifest.ResultFiles["SUCCEEDED"]) != 1 || len(manifest.ResultFiles["FAILED"]) != 1 || len(manifest.ResultFiles["PENDING"]) != 0 {
		t.Errorf("manifest %+v", manifest)
	}
	var ok, failed []map[string]any
	readJSON(t, filepath.Join(dir, "SUCCEEDED_0.json"), &ok)
	readJSON(t, filepath.Join(dir, "FAILED_0.json"), &failed)
	if len(ok) != 2 || len(failed) != 1 || failed[0]["Error"] != "BadRow" || failed[0]["Input"] != `{"id":"b","size":"2"}` {
		t.Errorf("succeeded %v\nfailed %v", ok, failed)
	}
	if r.x.Stats().ObjectsWritten != 3 {
		t.Errorf("%d objects written, want 3", r.x.Stats().ObjectsWritten)
	}
}

// When the run fails, items never started are written PENDING and the
// running STANDARD children are aborted.
func TestFailedRunWritesPending(t *testing.T) {
	root := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(root, "out"), 0o755))
	task := `{"Type":"Task","Resource":"` + lambdaARN + `","End":true}`
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,
		"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"p/"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C","States":{"C":` + task + `}},"End":true}}}`
	store := itemreader.DirStore{Root: root}
	r := execute(t, def, numbers(5), map[string][]step{"C": {{d: time.Second, err: "X"}, {d: 10 * time.Second, out: 1}}},
		func(o *engine.Options) { o.Writer = store })
	wantFailure(t, r, engine.StatusFailed, "States.ExceedToleratedFailureThreshold", "")
	matches, _ := filepath.Glob(filepath.Join(root, "out", "p", "*", "*.json"))
	counts := map[string]int{}
	for _, m := range matches {
		var records []map[string]any
		if strings.HasSuffix(m, "manifest.json") {
			continue
		}
		readJSON(t, m, &records)
		for _, rec := range records {
			counts[fmt.Sprint(rec["Status"])]++
		}
	}
	want := map[string]int{"FAILED": 1, "ABORTED": 1, "PENDING": 3}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("records by status %v, want %v", counts, want)
	}
	if r.backend.cancelled != 1 {
		t.Errorf("%d tasks cancelled, want the one in flight", r.backend.cancelled)
	}
}

// countingItems yields n items and counts how many were decoded.
type countingItems struct {
	n, next, decoded int
}

func (c *countingItems) Next() (any, error) {
	if c.next >= c.n {
		return nil, io.EOF
	}
	c.next++
	c.decoded++
	return map[string]any{"i": json.Number(fmt.Sprint(c.next))}, nil
}

func (c *countingItems) Skip() error {
	if c.next >= c.n {
		return io.EOF
	}
	c.next++
	return nil
}

func (c *countingItems) Close() error { return nil }
func (c *countingItems) Total() int64 { return int64(c.n) }

// Control-only children: when neither the children nor the backend look at
// the payload, items are skipped, never decoded; the run still counts and
// times every child.
func TestControlOnly(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":10,
		"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL"},"Parameters":{"Bucket":"b","Key":"k"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"C","States":{
			"C":{"Type":"Task","Resource":"` + lambdaARN + `","Next":"D"},"D":{"Type":"Pass","End":true}}},"ResultPath":null,"End":true}}}`
	for _, inputFree := range []bool{false, true} {
		items := &countingItems{n: 1000}
		r := execute(t, def, `{}`, map[string][]step{"C": {{d: time.Second}}}, func(o *engine.Options) {
			o.InputFree = inputFree
			o.Items = func(context.Context, string, itemreader.Config) (itemreader.Iterator, error) { return items, nil }
		})
		if r.x.Status != engine.StatusSucceeded {
			t.Fatal(r.x.Error, r.x.Cause)
		}
		wantDecoded := 1000
		if inputFree {
			wantDecoded = 0
		}
		if items.decoded != wantDecoded || r.x.Stats().ChildExecutions != 1000 || r.x.Stats().TaskCalls != 1000 {
			t.Errorf("InputFree %v: %d items decoded (want %d), %d children, %d task calls", inputFree, items.decoded, wantDecoded,
				r.x.Stats().ChildExecutions, r.x.Stats().TaskCalls)
		}
		if took := r.x.StopTime.Sub(r.x.StartTime); took != 100*time.Second {
			t.Errorf("took %v, want 100s", took)
		}
	}
}

// The parent's history holds the Map Run's events, not the children's.
func TestMapRunHistory(t *testing.T) {
	r := execute(t, distributed("STANDARD", `"MaxConcurrency":5`, `{"Type":"Pass","End":true}`), numbers(20), nil)
	want := []string{"ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded",
		"MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"}
	if got := r.eventTypes(); !reflect.DeepEqual(got, want) {
		t.Errorf("events %v\nwant %v", got, want)
	}
	// Each Pass child: started, entered, exited, succeeded.
	if r.all != len(want)+20*4 {
		t.Errorf("%d events in all, want %d", r.all, len(want)+20*4)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// WriterConfig without an export shapes the state output (COMPACT, FLATTEN).
func TestWriterConfigTransformations(t *testing.T) {
	child := `{"Type":"Pass","Parameters":{"v.$":"$"},"OutputPath":"$.v","End":true}`
	tests := []struct{ transformation, output string }{
		{"COMPACT", `[[1,2],[3]]`},
		{"FLATTEN", `[1,2,3]`},
	}
	for _, tt := range tests {
		t.Run(tt.transformation, func(t *testing.T) {
			def := distributed("STANDARD", `"ResultWriter":{"WriterConfig":{"OutputType":"JSON","Transformation":"`+tt.transformation+`"}}`, child)
			wantOutput(t, execute(t, def, `[[1,2],[3]]`, nil), tt.output)
		})
	}
}

// pacer delays child starts, adds a child overhead and throttles Standard
// transitions, as a simulation does.
type pacer struct {
	startEvery, overhead, transition time.Duration
	lastStart                        time.Duration
	clock                            *engine.VirtualClock
	transitions                      int
}

func (p *pacer) ChildStart(run *engine.MapRunInfo) time.Duration {
	now := p.clock.Elapsed()
	if run.ChildrenStarted == 0 {
		p.lastStart = now
		return 0
	}
	next := p.lastStart + p.startEvery
	if next <= now {
		p.lastStart = now
		return 0
	}
	p.lastStart = next
	return next - now
}

func (p *pacer) ChildOverhead(*engine.Execution) time.Duration { return p.overhead }

func (p *pacer) Transition(x *engine.Execution) time.Duration {
	if x.Parent == nil {
		return 0
	}
	p.transitions++
	if p.transitions%2 == 0 {
		return 0 // every other transition waits
	}
	return p.transition
}

func TestPacer(t *testing.T) {
	task := `{"Type":"Task","Resource":"` + lambdaARN + `","End":true}`
	tests := []struct {
		name, execType string
		p              pacer
		took           time.Duration
	}{
		// 10 children, one started per second, each 500 ms: the last starts at 9 s.
		{name: "start rate", execType: "EXPRESS", p: pacer{startEvery: time.Second}, took: 9500 * time.Millisecond},
		// ceil(10/5) waves of (500 ms + 100 ms overhead).
		{name: "child overhead", execType: "EXPRESS", p: pacer{overhead: 100 * time.Millisecond}, took: 1200 * time.Millisecond},
		// The odd-numbered child transitions wait 1 s: children 1, 3, 5
		// end at 1.5 s, 2 and 4 at 0.5 s; 6 (0.5–1 s), 7 (0.5–2 s), 8 (1–1.5
		// s), 10 (1.5–2 s) and 9 (1.5–3 s) follow. Express ones never wait.
		{name: "standard transitions", execType: "STANDARD", p: pacer{transition: time.Second}, took: 3 * time.Second},
		{name: "express transitions are not throttled", execType: "EXPRESS", p: pacer{transition: time.Second}, took: time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			r := execute(t, distributed(tt.execType, `"MaxConcurrency":5`, task), numbers(10), map[string][]step{"C": {{d: 500 * time.Millisecond, out: 1}}},
				func(o *engine.Options) { p.clock = o.Clock.(*engine.VirtualClock); o.Pacer = &p })
			if r.x.Status != engine.StatusSucceeded {
				t.Fatal(r.x.Error, r.x.Cause)
			}
			if took := r.x.StopTime.Sub(r.x.StartTime); took != tt.took {
				t.Errorf("took %v, want %v", took, tt.took)
			}
		})
	}
}

// Drain: no more children start, those running finish, the items not
// started are written PENDING and the execution ends ABORTED; a redrive
// then runs only the children that did not succeed.
func TestDrainAndRedrive(t *testing.T) {
	root := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(root, "out"), 0o755))
	store := itemreader.DirStore{Root: root}
	task := `{"Type":"Task","Resource":"` + lambdaARN + `","End":true}`
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,
		"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"run"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C","States":{"C":` + task + `}},"End":true}}}`
	doc, err := asl.ParseJSON("d.json", []byte(def))
	must(t, err)
	prog, err := engine.Compile(doc.Root)
	must(t, err)

	clock := engine.NewVirtualClock(epoch)
	backend := &script{clock: clock, steps: map[string][]step{"C": {{d: time.Second, echo: true}}}}
	succeeded := map[int]any{}
	obs := &recorder{ended: func(x *engine.Execution) {
		if x.Parent != nil && x.Status == engine.StatusSucceeded {
			if x.MapState() != "M" {
				t.Errorf("MapState() = %q", x.MapState())
			}
			succeeded[x.Index] = x.Output
		}
	}}
	x, err := prog.Start(decode(t, numbers(10)), &engine.Options{Clock: clock, Backend: backend, Writer: store, Observer: obs}, nil)
	must(t, err)
	clock.RunUntil(1500 * time.Millisecond)
	x.Drain()
	clock.Run()
	if x.Status != engine.StatusAborted || x.Error != engine.ErrInterrupted {
		t.Fatalf("%s %s, want ABORTED with %s", x.Status, x.Error, engine.ErrInterrupted)
	}
	if len(succeeded) != 4 || len(backend.calls) != 4 {
		t.Errorf("%d children succeeded after %d calls, want the 4 started before 2 s", len(succeeded), len(backend.calls))
	}
	counts := recordsByStatus(t, filepath.Join(root, "out", "run"))
	if counts["SUCCEEDED"] != 4 || counts["PENDING"] != 6 {
		t.Errorf("records %v, want 4 SUCCEEDED and 6 PENDING", counts)
	}

	// The redrive runs the other 6, and the result holds all 10.
	clock = engine.NewVirtualClock(epoch)
	backend = &script{clock: clock, steps: map[string][]step{"C": {{d: time.Second, echo: true}}}}
	redrive := func(key engine.ChildKey, _ any) *engine.Succeeded {
		if out, ok := succeeded[key.Index]; ok && key == (engine.ChildKey{State: "M", Index: key.Index}) {
			return &engine.Succeeded{Output: out}
		}
		return nil
	}
	plain := strings.Replace(def, `"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"run"}},`, "", 1)
	doc, err = asl.ParseJSON("d.json", []byte(plain))
	must(t, err)
	prog, err = engine.Compile(doc.Root)
	must(t, err)
	x, err = prog.Run(decode(t, numbers(10)), &engine.Options{Clock: clock, Backend: backend, Redrive: redrive})
	must(t, err)
	if got := compact(x.Output); got != numbers(10) || len(backend.calls) != 6 || x.Stats().ChildrenRedriven != 4 {
		t.Errorf("output %s after %d calls (%d redriven); want all 10 items after 6 calls", got, len(backend.calls), x.Stats().ChildrenRedriven)
	}
}

type recorder struct{ ended func(*engine.Execution) }

func (r *recorder) ExecutionStarted(*engine.Execution) {}
func (r *recorder) ExecutionEnded(x *engine.Execution) { r.ended(x) }

func recordsByStatus(t *testing.T, dir string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	for _, f := range files {
		if strings.HasSuffix(f, "manifest.json") {
			continue
		}
		var records []map[string]any
		readJSON(t, f, &records)
		for _, r := range records {
			counts[fmt.Sprint(r["Status"])]++
		}
	}
	return counts
}
