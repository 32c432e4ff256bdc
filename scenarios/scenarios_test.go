package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/cost"
	"github.com/sfnsim/sfnsim/simulate"
	"github.com/sfnsim/sfnsim/simulate/profile"
)

func report(t *testing.T, definition, prof string, items int, sizes []int) *cost.Report {
	t.Helper()
	doc, err := asl.ParseJSON("sm.asl.json", []byte(definition))
	if err != nil {
		t.Fatal(err)
	}
	var p *profile.Profile
	if prof != "" {
		if p, err = profile.Parse("p.yaml", []byte(prof)); err != nil {
			t.Fatal(err)
		}
	}
	list := make([]any, items)
	for i := range list {
		list[i] = map[string]any{"Size": "1000", "Key": "k"}
	}
	prices, err := cost.LoadPrices("", nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(Config{Simulation: simulate.Config{Definition: doc.Root, Name: "sm", Input: map[string]any{"items": list}, Profile: p, Seed: 1},
		Prices: prices, BatchSizes: sizes})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func dmap(execType, fields, states string) string {
	return `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ResultPath":null` + fields + `,
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"` + execType + `"},"StartAt":"Work","States":` + states + `},"End":true}}}`
}

const lambda = `{"Work":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111122223333:function:f","End":true}}`

// The scenarios: as written first, then the other type and the batch
// sizes, each once.
func TestPlan(t *testing.T) {
	rep := report(t, dmap("EXPRESS", `,"ItemBatcher":{"MaxItemsPerBatch":100}`, lambda), "", 300, []int{100, 10})
	var got []string
	for _, s := range rep.Scenarios {
		got = append(got, s.Label())
	}
	want := []string{
		"EXPRESS children, MaxItemsPerBatch 100", "EXPRESS children, unbatched", "EXPRESS children, MaxItemsPerBatch 10",
		"STANDARD children, MaxItemsPerBatch 100", "STANDARD children, unbatched", "STANDARD children, MaxItemsPerBatch 10",
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("scenarios\n%v\nwant\n%v", got, want)
	}
	if !rep.Scenarios[0].AsWritten || rep.Scenarios[0].ChildExecutions != 3 || rep.Scenarios[1].ChildExecutions != 300 {
		t.Errorf("as written %v with %d children; unbatched %d", rep.Scenarios[0].AsWritten, rep.Scenarios[0].ChildExecutions, rep.Scenarios[1].ChildExecutions)
	}
}

// Scenarios AWS would not run are marked, not priced.
func TestNotAllowed(t *testing.T) {
	callback := `{"Work":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"t.$":"$$.Task.Token"},"End":true}}`
	rep := report(t, dmap("STANDARD", "", callback), "tasks: {Work: {duration: 1s}}\n", 10, []int{})
	for _, s := range rep.Scenarios {
		if s.ExecutionType == asl.Express && (s.Allowed || !strings.Contains(s.NotAllowed, "cannot wait for a task token")) {
			t.Errorf("%s: allowed %v, %q", s.Label(), s.Allowed, s.NotAllowed)
		}
		if s.ExecutionType == asl.Standard && !s.Allowed {
			t.Errorf("%s is not allowed: %s", s.Label(), s.NotAllowed)
		}
	}

	slow := report(t, dmap("EXPRESS", "", lambda), "tasks: {Work: {duration: 6m}}\n", 4, []int{})
	if s := slow.AsWritten(); s.Allowed || !strings.Contains(s.NotAllowed, "five-minute limit") || !s.Total.IsZero() {
		t.Errorf("EXPRESS children of 6 minutes: allowed %v, %q, total %s", s.Allowed, s.NotAllowed, s.Total)
	}
	if best := slow.Cheapest(); best == nil || best.ExecutionType != asl.Standard {
		t.Errorf("the cheapest allowed scenario is %v", best)
	}

	// A child that reads an item's field cannot take a batch as it is.
	choice := `{"Work":{"Type":"Choice","Choices":[{"Variable":"$.Size","StringEquals":"0","Next":"Empty"}],"Default":"Done"},
		"Empty":{"Type":"Succeed"},"Done":{"Type":"Succeed"}}`
	batched := report(t, dmap("EXPRESS", "", choice), "", 20, []int{10})
	for _, s := range batched.Scenarios {
		if s.ItemsPerBatch > 1 && (s.Allowed || !strings.Contains(s.NotAllowed, "would need rewriting for this batching")) {
			t.Errorf("%s: allowed %v, %q", s.Label(), s.Allowed, s.NotAllowed)
		}
	}
}

// A machine without a Distributed Map is priced as written, alone.
func TestNoDistributedMap(t *testing.T) {
	rep := report(t, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}`, "", 0, nil)
	if len(rep.Scenarios) != 1 || len(rep.Notes) != 1 || rep.Scenarios[0].StateTransitions != 1 {
		t.Errorf("%d scenarios, notes %q", len(rep.Scenarios), rep.Notes)
	}
}

// Batches are capped at 256 KiB: big items make more children than the
// batch size says, and an item over the limit makes the scenario one AWS
// would not run.
func TestBatchPayloadLimit(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ResultPath":null,
		"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL"},"Parameters":{"Bucket":"b","Key":"items.jsonl"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Work","States":` + lambda + `},"End":true}}}`
	doc, err := asl.ParseJSON("sm.asl.json", []byte(def))
	if err != nil {
		t.Fatal(err)
	}
	prices, _ := cost.LoadPrices("", nil)
	run := func(itemBytes int) *cost.Report {
		t.Helper()
		manifest := filepath.Join(t.TempDir(), "items.jsonl")
		line := `{"blob":"` + strings.Repeat("x", itemBytes) + `"}` + "\n"
		if err := os.WriteFile(manifest, []byte(strings.Repeat(line, 20)), 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := Run(Config{Simulation: simulate.Config{Definition: doc.Root, Name: "sm", Input: map[string]any{}, Manifest: manifest, Seed: 1},
			Prices: prices, BatchSizes: []int{10}})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	// 100 KB items: two fit in a batch, so 20 items make 10 children.
	for _, s := range run(100_000).Scenarios {
		if s.ItemsPerBatch == 10 && (s.ChildExecutions != 10 || !strings.Contains(strings.Join(s.Notes, " "), "capped at 256 KiB")) {
			t.Errorf("%s: %d children, notes %q", s.Label(), s.ChildExecutions, s.Notes)
		}
	}
	// 300 KB items fit in no child's input.
	for _, s := range run(300_000).Scenarios {
		if s.Allowed || !strings.Contains(s.NotAllowed, "256 KiB payload limit") {
			t.Errorf("%s: allowed %v, %q", s.Label(), s.Allowed, s.NotAllowed)
		}
	}
}

// Batching that is not a plain count (a path, bytes only) is compared as
// written, with the other type; a variant that breaks children written
// for batches is not priced.
func TestBatchingAsWritten(t *testing.T) {
	rep := report(t, dmap("EXPRESS", `,"ItemBatcher":{"MaxInputBytesPerBatch":2048}`, lambda), "", 100, []int{})
	var labels []string
	for _, s := range rep.Scenarios {
		labels = append(labels, s.Label())
	}
	want := "EXPRESS children, batching as written; EXPRESS children, unbatched; STANDARD children, batching as written; STANDARD children, unbatched"
	if got := strings.Join(labels, "; "); got != want {
		t.Errorf("scenarios %q\nwant %q", got, want)
	}
	if s := rep.Scenarios[0]; s.ChildExecutions >= 100 || s.ItemsPerBatch != 0 {
		t.Errorf("as written: %d children, itemsPerBatch %d", s.ChildExecutions, s.ItemsPerBatch)
	}
	// Children that map over $.Items fail unbatched.
	items := `{"Work":{"Type":"Map","ItemsPath":"$.Items","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}`
	rep = report(t, dmap("EXPRESS", `,"ItemBatcher":{"MaxItemsPerBatch":50}`, items), "", 100, []int{})
	for _, s := range rep.Scenarios {
		if s.ItemsPerBatch == 1 && s.Allowed {
			t.Errorf("%s is priced, though its children cannot read an item as a batch (%s)", s.Label(), s.Status)
		}
	}
	if best := rep.Cheapest(); best == nil || best.ItemsPerBatch != 50 {
		t.Errorf("cheapest %v", best)
	}
}
