package simulate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/examples"
	"github.com/sfnsim/sfnsim/simulate"
	"github.com/sfnsim/sfnsim/simulate/profile"
)

const lambdaARN = "arn:aws:lambda:us-east-1:111122223333:function:work"

// sim runs definition over items (a JSON array as the Map's input) with a
// YAML profile.
func sim(t *testing.T, definition, input, prof string, seed uint64) *simulate.Result {
	t.Helper()
	doc, err := asl.ParseJSON("test.asl.json", []byte(definition))
	if err != nil {
		t.Fatal(err)
	}
	var p *profile.Profile
	if prof != "" {
		if p, err = profile.Parse("profile.yaml", []byte(prof)); err != nil {
			t.Fatal(err)
		}
	}
	d := json.NewDecoder(strings.NewReader(input))
	d.UseNumber()
	var in any
	if err := d.Decode(&in); err != nil {
		t.Fatal(err)
	}
	r, err := simulate.Run(simulate.Config{Definition: doc.Root, Name: "test", Input: in, Profile: p, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func items(n int) string {
	var b strings.Builder
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%d}`, i)
	}
	return b.String() + "]"
}

// dmap is a Distributed Map with fields over a child Task.
func dmap(fields, task string) string {
	return `{"StartAt":"M","States":{"M":{"Type":"Map",` + fields + `,"ResultPath":null,
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Work","States":{
			"Work":` + task + `}},"End":true}}}`
}

func task(extra string) string {
	return `{"Type":"Task","Resource":"` + lambdaARN + `"` + extra + `,"End":true}`
}

// Closed forms (issue #4): N items of fixed duration d at MaxConcurrency C,
// no overheads, take ceil(N/C)·d; batches of B make ceil(N/B) children.
func TestClosedForms(t *testing.T) {
	tests := []struct {
		n, c, b int
		d       float64 // seconds
	}{
		{n: 1000, c: 100, d: 1},
		{n: 1001, c: 100, d: 0.25},
		{n: 50, c: 7, d: 3},
		{n: 20000, c: 1000, d: 0.5},
		{n: 1130, c: 10, b: 100, d: 2},
		{n: 999, c: 5, b: 10, d: 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("N%d_C%d_B%d", tt.n, tt.c, tt.b), func(t *testing.T) {
			fields := fmt.Sprintf(`"MaxConcurrency":%d`, tt.c)
			children := tt.n
			if tt.b > 0 {
				fields += fmt.Sprintf(`,"ItemBatcher":{"MaxItemsPerBatch":%d}`, tt.b)
				children = (tt.n + tt.b - 1) / tt.b
			}
			prof := fmt.Sprintf("pools: {lambda: {concurrency: 100000, scalePer10s: 0}}\ntasks: {Work: {duration: {fixed: %vs}}}\n", tt.d)
			r := sim(t, dmap(fields, task("")), items(tt.n), prof, 1)
			want := math.Ceil(float64(children)/float64(tt.c)) * tt.d
			if r.MakespanSeconds != want {
				t.Errorf("makespan %v s, want ceil(%d/%d)·%v = %v s", r.MakespanSeconds, children, tt.c, tt.d, want)
			}
			if r.ChildExecutions != int64(children) || r.Items != int64(tt.n) {
				t.Errorf("%d children over %d items, want %d over %d", r.ChildExecutions, r.Items, children, tt.n)
			}
			if r.PeakConcurrency > tt.c {
				t.Errorf("peak concurrency %d over MaxConcurrency %d", r.PeakConcurrency, tt.c)
			}
			if r.Status != "SUCCEEDED" || r.Throttles != 0 {
				t.Errorf("%s with %d throttles", r.Status, r.Throttles)
			}
		})
	}
}

// Concurrency never exceeds min(MaxConcurrency, pool): children are bounded
// by MaxConcurrency, calls in flight by the pool, whose excess calls are
// throttled and retried as the definition says.
func TestPoolBoundsConcurrency(t *testing.T) {
	retry := `,"Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"IntervalSeconds":1,"MaxAttempts":20,"BackoffRate":1.5,"JitterStrategy":"FULL"}]`
	tests := []struct{ conc, pool int }{{200, 50}, {30, 50}, {1000, 1000}}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("C%d_pool%d", tt.conc, tt.pool), func(t *testing.T) {
			prof := fmt.Sprintf("pools: {lambda: {concurrency: %d}}\ntasks: {Work: {duration: {fixed: 1s}}}\n", tt.pool)
			r := sim(t, dmap(fmt.Sprintf(`"MaxConcurrency":%d`, tt.conc), task(retry)), items(2000), prof, 3)
			if r.Status != "SUCCEEDED" {
				t.Fatalf("%s %s", r.Status, r.Error)
			}
			if r.PeakConcurrency > tt.conc {
				t.Errorf("%d children at once, over MaxConcurrency %d", r.PeakConcurrency, tt.conc)
			}
			pool := r.Pools[0]
			if limit := min(tt.conc, tt.pool); pool.Peak > limit {
				t.Errorf("%d calls in flight, over min(MaxConcurrency, pool) = %d", pool.Peak, limit)
			}
			throttled := tt.conc > tt.pool
			if (r.Throttles > 0) != throttled || (r.Retries["Lambda.TooManyRequestsException"] > 0) != throttled {
				t.Errorf("%d throttles, retries %v; want throttling only when MaxConcurrency exceeds the pool", r.Throttles, r.Retries)
			}
			if r.Throttles != pool.Throttled || r.Throttles != r.Retries["Lambda.TooManyRequestsException"] {
				t.Errorf("throttles %d, pool %d, retries %v: every throttle should be retried", r.Throttles, pool.Throttled, r.Retries)
			}
		})
	}
}

// A pool without a throttle error queues calls instead: no throttles, and
// the makespan is set by the pool.
func TestQueueingPool(t *testing.T) {
	prof := "pools: {db: {concurrency: 10, throttleError: ''}}\ntasks: {Work: {duration: {fixed: 1s}, pool: db}}\n"
	r := sim(t, dmap(`"MaxConcurrency":100`, task("")), items(100), prof, 1)
	if r.Throttles != 0 || r.MakespanSeconds != 10 || r.Pools[0].Peak != 10 || r.Pools[0].Queued != 90 {
		t.Errorf("throttles %d, makespan %v s, pool %+v; want 0, 10 s, peak 10 with 90 queued", r.Throttles, r.MakespanSeconds, r.Pools[0])
	}
	// Lambda bills the 100 calls' 1 s each, not their wait in the queue.
	if billed := r.Tasks[0].BilledMs; billed != 100_000 {
		t.Errorf("billed %d ms, want 100,000 (100 calls of 1 s; queueing is not billed)", billed)
	}
}

// Lambda's limits beyond concurrency: 10 requests per second per unit of
// concurrency, and 900 s per call.
func TestLambdaLimits(t *testing.T) {
	t.Run("request rate", func(t *testing.T) {
		// 10 slots of 1 ms calls could make 10,000 calls a second; Lambda
		// takes 100 (a second's worth at once): the 101st call throttles.
		prof := "pools: {lambda: {concurrency: 10}}\ntasks: {Work: {duration: {fixed: 1ms}}}\n"
		r := sim(t, dmap(`"MaxConcurrency":10,"ToleratedFailurePercentage":100`, task("")), items(1000), prof, 1)
		if r.Throttles == 0 || r.Tasks[0].Calls > 110 {
			t.Errorf("%d throttles, %d calls went through in %v s; want throttling after about 100", r.Throttles, r.Tasks[0].Calls, r.MakespanSeconds)
		}
	})
	t.Run("900 s", func(t *testing.T) {
		prof := "tasks: {Work: {duration: {fixed: 20m}}}\n"
		// STANDARD children: EXPRESS ones would end at five minutes first.
		def := strings.Replace(dmap(`"MaxConcurrency":10,"ToleratedFailurePercentage":100`, task("")), "EXPRESS", "STANDARD", 1)
		r := sim(t, def, items(3), prof, 1)
		if got := r.Tasks[0].Errors["Sandbox.Timedout"]; got != 3 || r.Tasks[0].BilledMs != 3*900_000 || r.MakespanSeconds != 900 {
			t.Errorf("%d Sandbox.Timedout, billed %d ms, makespan %v s; want 3, 2,700,000 ms, 900 s", got, r.Tasks[0].BilledMs, r.MakespanSeconds)
		}
		if !strings.Contains(strings.Join(r.Assumptions, "\n"), "900 s limit") {
			t.Errorf("assumptions do not say so: %q", r.Assumptions)
		}
	})
}

// A failure rate above the threshold fails the run at the item count AWS's
// rule gives: failed items over 5% of all, or over the count.
func TestToleratedFailureThreshold(t *testing.T) {
	failing := `{"Type":"Task","Resource":"` + lambdaARN + `","End":true}`
	tests := []struct {
		name, fields string
		trips        int64 // the failed item that trips the run
	}{
		{name: "5 percent of 1000 trips at 51", fields: `"MaxConcurrency":1,"ToleratedFailurePercentage":5`, trips: 51},
		{name: "count 10 trips at 11", fields: `"MaxConcurrency":1,"ToleratedFailureCount":10`, trips: 11},
		{name: "no tolerance trips at 1", fields: `"MaxConcurrency":1`, trips: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prof := "tasks: {Work: {duration: {fixed: 1s}, failures: {Boom: 0.2}}}\n"
			r := sim(t, dmap(tt.fields, failing), items(1000), prof, 7)
			if r.Status != "FAILED" || r.Error != "States.ExceedToleratedFailureThreshold" {
				t.Fatalf("%s %s, want FAILED with States.ExceedToleratedFailureThreshold", r.Status, r.Error)
			}
			if r.FailedItems != tt.trips {
				t.Errorf("failed at %d failed items, want %d", r.FailedItems, tt.trips)
			}
			// One at a time: the run stops at the child that tripped it.
			if r.FailedAtSeconds == nil || *r.FailedAtSeconds != float64(r.ChildExecutions) {
				t.Errorf("failed at %v s after %d children of 1 s", r.FailedAtSeconds, r.ChildExecutions)
			}
		})
	}
	// 20% failures tolerated at 25%.
	r := sim(t, dmap(`"ToleratedFailurePercentage":25`, failing), items(1000), "tasks: {Work: {duration: {fixed: 1s}, failures: {Boom: 0.2}}}\n", 7)
	if r.Status != "SUCCEEDED" || r.FailedItems < 150 || r.FailedItems > 250 {
		t.Errorf("%s with %d failed items; want SUCCEEDED with about 200", r.Status, r.FailedItems)
	}
}

// The same seed gives the same result; another seed another.
func TestSeed(t *testing.T) {
	prof := "tasks: {Work: {duration: {p50: 200ms, p99: 3s}, failures: {Boom: 0.05}}}\n"
	def := dmap(`"MaxConcurrency":50,"ToleratedFailurePercentage":100`, task(`,"Retry":[{"ErrorEquals":["Boom"],"JitterStrategy":"FULL"}]`))
	js := func(seed uint64) string {
		var b bytes.Buffer
		if err := sim(t, def, items(3000), prof, seed).WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	a, b, c := js(11), js(11), js(12)
	if a != b {
		t.Error("seed 11 gave two different results")
	}
	if a == c {
		t.Error("seeds 11 and 12 gave the same result")
	}
}

// The embedded example projects to N items by resampling, streaming.
func TestExampleProjection(t *testing.T) {
	doc, err := asl.ParseJSON(examples.DefinitionPath, examples.Definition)
	if err != nil {
		t.Fatal(err)
	}
	var progress int
	r, err := simulate.Run(simulate.Config{Definition: doc.Root, Input: map[string]any{}, ManifestData: examples.Manifest,
		Items: 250_000, Seed: 1, Progress: func(done, total int64) {
			progress++
			if total != 250_000 {
				t.Errorf("progress total %d, want 250000", total)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Items != 250_000 || r.ChildExecutions != 250_000 || r.Status != "SUCCEEDED" || progress == 0 {
		t.Errorf("%d items, %d children, %s, %d progress calls", r.Items, r.ChildExecutions, r.Status, progress)
	}
	if r.PeakConcurrency != 1000 {
		t.Errorf("peak %d, want MaxConcurrency 1000", r.PeakConcurrency)
	}
	if r.Usage.ItemReaderGets != 1 || r.Usage.ResultWriterPut != 2 || r.Usage.ExpressExecutions != 250_000 {
		t.Errorf("usage %+v", r.Usage)
	}
}

// Profile mistakes that would leave numbers quietly wrong are noted: a
// task entry that names nothing, a perKB field the items lack.
func TestProfileMistakesNoted(t *testing.T) {
	prof := "tasks:\n  Wrk: {duration: {fixed: 1s}}\n  Work: {duration: {perKB: {field: Sise, ms: 1, base: 10ms}}}\n"
	r := sim(t, dmap(`"MaxConcurrency":10`, task("")), items(20), prof, 1)
	all := strings.Join(append(r.Notes, r.Assumptions...), "\n")
	for _, want := range []string{
		`profile: tasks.Wrk names no Task state or Resource of the definition, so it is not used; did you mean "Work"?`,
		"Task Work: 20 of 20 calls found no size in the input's Sise field (or a size of 0), so they took 10ms: check the field name",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("notes and assumptions lack %q:\n%s", want, all)
		}
	}
}
