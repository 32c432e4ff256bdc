package simulate_test

import (
	"fmt"
	"runtime/metrics"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/internal/heaploop"
	"github.com/sfnsim/sfnsim/simulate"
	"github.com/sfnsim/sfnsim/simulate/profile"
)

// BenchmarkSimulate projects a Distributed Map of 1M and 10M items — one
// Lambda Task child with Retry, MaxConcurrency 1,000 — and runs the bare
// heap loop over the same number of events beside it (issue #4: within 3×
// of it; 10M within 11× of 1M; peak memory flat in N).
//
//	go test ./simulate -run '^$' -bench Simulate -benchtime 1x
func BenchmarkSimulate(b *testing.B) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1000,
		"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},
			"Parameters":{"Bucket":"b","Key":"manifest.csv"}},
		"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"results"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Work","States":{
			"Work":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111122223333:function:work",
				"Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException","Lambda.ServiceException"],"IntervalSeconds":1,"MaxAttempts":5,"BackoffRate":2}],
				"End":true}}},"End":true}}}`
	doc, err := asl.ParseJSON("bench.asl.json", []byte(def))
	if err != nil {
		b.Fatal(err)
	}
	prof, err := profile.Parse("bench.yaml", []byte("tasks: {Work: {duration: {p50: 200ms, p99: 2s}, failures: {Lambda.ServiceException: 0.01}}}\n"))
	if err != nil {
		b.Fatal(err)
	}
	manifest := []byte("id,size\n")
	for i := range 1000 {
		manifest = fmt.Appendf(manifest, "item-%d,%d\n", i, i*37)
	}
	for _, n := range []int64{1_000_000, 10_000_000} {
		var events int64
		b.Run(fmt.Sprintf("items=%dM", n/1_000_000), func(b *testing.B) {
			b.ReportAllocs()
			// Peak memory is the largest live heap the collector saw (garbage
			// not yet collected would only measure GOGC).
			var peak uint64
			live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			sample := func(int64, int64) {
				metrics.Read(live)
				peak = max(peak, live[0].Value.Uint64())
			}
			for b.Loop() {
				r, err := simulate.Run(simulate.Config{Definition: doc.Root, Input: map[string]any{}, ManifestData: manifest,
					Items: n, Seed: 1, Profile: prof, Progress: sample})
				if err != nil {
					b.Fatal(err)
				}
				if r.ChildExecutions != n || r.Status != "SUCCEEDED" {
					b.Fatalf("%d children, %s", r.ChildExecutions, r.Status)
				}
				events = r.SimulatedEvents
			}
			perRun := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(perRun/1e9, "s/run")
			b.ReportMetric(perRun/float64(events), "ns/event")
			b.ReportMetric(float64(events)/(perRun/1e9), "events/s")
			b.ReportMetric(float64(events), "events/run")
			b.ReportMetric(float64(peak)/(1<<20), "peak-live-heap-MB")
		})
		b.Run(fmt.Sprintf("bare-heap-loop/events=%dM", n/1_000_000), func(b *testing.B) {
			for b.Loop() {
				heaploop.Run(int(events), 1000)
			}
			perRun := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(perRun/1e9, "s/run")
			b.ReportMetric(perRun/float64(events), "ns/event")
		})
	}
}
