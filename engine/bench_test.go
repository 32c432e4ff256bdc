package engine_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/engine"
	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/internal/heaploop"
)

// The floor simulate stands on (issue #3): a DISTRIBUTED Map of 1,000,000
// items, with one Task child on a zero-duration backend and with one Pass
// child, on the virtual clock; and beside them a bare container/heap loop
// pushing and popping as many events as the Task run schedules. The Task
// run must stay within 3× of the bare loop.
//
//	go test ./engine -run '^$' -bench 'DistributedMap|BareHeapLoop' -benchtime 3x
//
// Metrics: ns/event, allocs/event and events/s per history event; ns/child;
// ns/clock-event for the Task child, comparable with the bare loop's
// ns/event (the same number of events pushed and popped).

const benchItems = 1_000_000

// instant answers every task at once, on the clock: zero duration, one
// event.
type instant struct{ clock *engine.VirtualClock }

func (b instant) Start(req *engine.TaskRequest) func() {
	b.clock.After(0, req.Deliver())
	return nil
}

func benchProgram(b *testing.B, child string) *engine.Program {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1000,"ResultPath":null,
		"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV"},"Parameters":{"Bucket":"b","Key":"manifest.csv"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C","States":{"C":` + child + `}},"End":true}}}`
	doc, err := asl.ParseJSON("bench.json", []byte(def))
	if err != nil {
		b.Fatal(err)
	}
	p, err := engine.Compile(doc.Root)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func benchmarkMap(b *testing.B, child string) {
	prog := benchProgram(b, child)
	b.ReportAllocs()
	var clockEvents int
	var history int64
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		clock := engine.NewVirtualClock(epoch)
		opts := &engine.Options{
			Clock: clock, Backend: instant{clock}, InputFree: true,
			Items: func(context.Context, string, itemreader.Config) (itemreader.Iterator, error) {
				return &countingItems{n: benchItems}, nil
			},
		}
		x, err := prog.Start(map[string]any{}, opts, nil)
		if err != nil {
			b.Fatal(err)
		}
		clockEvents = clock.Run()
		history = x.Stats().Events
		if x.Status != engine.StatusSucceeded || x.Stats().ChildExecutions != benchItems {
			b.Fatalf("%s %s %s after %d children", x.Status, x.Error, x.Cause, x.Stats().ChildExecutions)
		}
	}
	runtime.ReadMemStats(&after)
	n := float64(b.N)
	perRun := float64(b.Elapsed().Nanoseconds()) / n
	// An event is a history event (ExecutionStarted, TaskStateEntered,
	// TaskScheduled …, of the parent and every child); a clock event is a
	// callback the clock ran (the Task child's one per call; the Pass
	// child has none: it runs straight through).
	b.ReportMetric(perRun/float64(history), "ns/event")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n/float64(history), "allocs/event")
	b.ReportMetric(float64(history)/(perRun/1e9), "events/s")
	b.ReportMetric(perRun/benchItems, "ns/child")
	if clockEvents > 0 {
		b.ReportMetric(perRun/float64(clockEvents), "ns/clock-event")
	}
	b.ReportMetric(float64(clockEvents), "clock-events/run")
}

func BenchmarkDistributedMap(b *testing.B) {
	b.Run("TaskChild", func(b *testing.B) {
		benchmarkMap(b, `{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111122223333:function:f","End":true}`)
	})
	b.Run("PassChild", func(b *testing.B) {
		benchmarkMap(b, `{"Type":"Pass","End":true}`)
	})
}

// BenchmarkBareHeapLoop pushes and pops as many events as the Task-child
// run schedules (one per child and a few more), 1,000 in flight like the
// Map's MaxConcurrency, each callback scheduling the next.
func BenchmarkBareHeapLoop(b *testing.B) {
	const events = benchItems + 2
	b.ReportAllocs()
	for b.Loop() {
		heaploop.Run(events, 1000)
	}
	perRun := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(perRun/events, "ns/event")
	b.ReportMetric(events/(perRun/1e9), "events/s")
}
