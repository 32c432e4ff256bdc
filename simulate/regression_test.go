package simulate_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/simulate"
	"github.com/sfnsim/sfnsim/simulate/profile"
)

// Regressions found in review of the simulator.

func run(t *testing.T, cfg simulate.Config, definition, prof string) *simulate.Result {
	t.Helper()
	doc, err := asl.ParseJSON("test.asl.json", []byte(definition))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Definition = doc.Root
	if prof != "" {
		if cfg.Profile, err = profile.Parse("p.yaml", []byte(prof)); err != nil {
			t.Fatal(err)
		}
	}
	if cfg.Input == nil {
		cfg.Input = map[string]any{}
	}
	r, err := simulate.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Nested Distributed Maps: the inner run's EXPRESS children outlive the
// recycled STANDARD child that started them.
func TestNestedDistributedMaps(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":4,"ResultPath":null,
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Prep","States":{
			"Prep":{"Type":"Pass","Parameters":{"sub":[1,2,3]},"Next":"Inner"},
			"Inner":{"Type":"Map","ItemsPath":"$.sub","MaxConcurrency":5,"ResultPath":null,
				"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Work","States":{
					"Work":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","Parameters":{"a":1},"End":true}}},"End":true}}},"End":true}}}`
	r := run(t, simulate.Config{Input: map[string]any{"items": []any{1, 2, 3, 4, 5, 6, 7, 8}}, Items: 100}, def, "tasks: {Work: {duration: 1s}}\n")
	// --items projects the outer Map only: 100 outer children with 3 inner each.
	if r.Status != "SUCCEEDED" || r.ChildExecutions != 100+300 || r.Items != 100+300 {
		t.Errorf("%s, %d children over %d items; want SUCCEEDED, 400 and 400", r.Status, r.ChildExecutions, r.Items)
	}
}

// A loop of states that take no time ends with an error instead of hanging.
func TestZeroTimeLoop(t *testing.T) {
	def := `{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"C"},
		"C":{"Type":"Choice","Choices":[{"Variable":"$.done","IsPresent":true,"Next":"D"}],"Default":"A"},"D":{"Type":"Succeed"}}}`
	r := run(t, simulate.Config{Type: "EXPRESS"}, def, "")
	if r.Status != "FAILED" || !strings.Contains(r.Cause, "without any time passing") {
		t.Errorf("%s %s %q", r.Status, r.Error, r.Cause)
	}
}

// perKB reads the item inside the Lambda integration's Payload.
func TestPerKBThroughPayload(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ResultPath":null,
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Work","States":{
			"Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$"},"End":true}}},"End":true}}}`
	in := map[string]any{"items": []any{map[string]any{"Size": json.Number("2048")}}}
	r := run(t, simulate.Config{Input: in}, def, "tasks: {Work: {duration: {perKB: {field: Size, ms: 1000}}}}\n")
	if r.MakespanSeconds != 2 {
		t.Errorf("makespan %v s, want 2 s (2 KiB at 1 s per KiB)", r.MakespanSeconds)
	}
}

// A manifest folder is the bucket: listObjectsV2 lists the keys under the
// prefix, and LOAD_AND_FLATTEN reads them by the same keys.
func TestManifestFolder(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"data/a.jsonl", "data/b.jsonl", "other/c.jsonl"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), []byte("{\"x\":1}\n{\"x\":2}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reader := func(config string) string {
		return `{"StartAt":"M","States":{"M":{"Type":"Map","ResultPath":null,
			"ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b","Prefix":"data/"}` + config + `},
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`
	}
	if r := run(t, simulate.Config{Manifest: dir}, reader(""), ""); r.Items != 2 || r.Usage.ItemReaderLists != 1 {
		t.Errorf("listing: %d items, %d LIST requests; want 2 and 1", r.Items, r.Usage.ItemReaderLists)
	}
	// Projected to 10,500 objects, the listing takes 11 LIST requests.
	if r := run(t, simulate.Config{Manifest: dir, Items: 10_500}, reader(""), ""); r.Items != 10_500 || r.Usage.ItemReaderLists != 11 {
		t.Errorf("listing 10,500: %d items, %d LIST requests; want 10,500 and 11", r.Items, r.Usage.ItemReaderLists)
	}
	flat := reader(`,"ReaderConfig":{"InputType":"JSONL","Transformation":"LOAD_AND_FLATTEN"}`)
	if r := run(t, simulate.Config{Manifest: dir}, flat, ""); r.Status != "SUCCEEDED" || r.Items != 4 {
		t.Errorf("LOAD_AND_FLATTEN: %s %s, %d items; want SUCCEEDED with 4", r.Status, r.Cause, r.Items)
	}
}

// Failed items count failures only: children aborted when the run failed
// are counted apart; and without --items the percentage is judged against
// the sample's total from the first failure on.
func TestFailuresAndAborts(t *testing.T) {
	task := `{"Type":"Task","Resource":"` + lambdaARN + `","End":true}`
	// STANDARD children still running are aborted (EXPRESS ones cannot be
	// stopped: they run on, and their failures count).
	standard := strings.Replace(dmap(`"MaxConcurrency":10,"ToleratedFailureCount":5`, task), "EXPRESS", "STANDARD", 1)
	r := sim(t, standard, items(100), "tasks: {Work: {duration: 1s, failures: {Boom: 1}}}\n", 1)
	// All ten first children fail at 1 s, one after the other: the first
	// five each free a slot that a new child takes at once, the sixth trips
	// the count of 5, and the nine still running are aborted.
	if r.FailedItems != 6 || r.AbortedChildren != 9 || r.Error != "States.ExceedToleratedFailureThreshold" {
		t.Errorf("%d failed, %d aborted, %s; want 6 failed (the 6th trips a count of 5) and 9 aborted", r.FailedItems, r.AbortedChildren, r.Error)
	}
	r = sim(t, dmap(`"MaxConcurrency":1,"ToleratedFailurePercentage":10`, task), items(100), "tasks: {Work: {duration: 1s, failures: {Boom: 0.5}}}\n", 1)
	if r.FailedItems != 11 {
		t.Errorf("%d failed items; want 11 (over 10%% of 100)", r.FailedItems)
	}
}

// A reader that fails part way fails the Map with States.ItemReaderFailed,
// with or without --items; and --items keeps ReaderConfig.MaxItems.
func TestReaderFailureAndMaxItems(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"a\":1}\n{\"a\":2}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	def := func(config string) string {
		return `{"StartAt":"M","States":{"M":{"Type":"Map","ResultPath":null,
			"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"},"ReaderConfig":{"InputType":"JSONL"` + config + `}},
			"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`
	}
	for _, n := range []int64{0, 50} {
		if r := run(t, simulate.Config{Manifest: bad, Items: n}, def(""), ""); r.Error != "States.ItemReaderFailed" {
			t.Errorf("--items %d: %s %s, want States.ItemReaderFailed", n, r.Status, r.Error)
		}
	}
	good := filepath.Join(dir, "good.jsonl")
	if err := os.WriteFile(good, []byte("{\"a\":1}\n{\"a\":2}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, simulate.Config{Manifest: good, Items: 1000}, def(`,"MaxItems":10`), ""); r.ChildExecutions != 10 {
		t.Errorf("%d children, want MaxItems 10", r.ChildExecutions)
	}
	// --items on a machine without a Distributed Map says so.
	r := run(t, simulate.Config{Items: 1000}, `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`, "")
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "--items 1000 was not applied") {
		t.Errorf("notes %q", r.Notes)
	}
}

// A top-level EXPRESS execution is billed like any Express execution.
func TestTopLevelExpressBilled(t *testing.T) {
	r := run(t, simulate.Config{Type: "EXPRESS"}, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"T"},
		"T":{"Type":"Task","Resource":"`+lambdaARN+`","End":true}}}`, "tasks: {T: {duration: 150ms}}\n")
	if r.Usage.ExpressExecutions != 1 || r.Usage.ExpressBilledMs != 1200 {
		t.Errorf("usage %+v; want 1 Express execution billed 1,200 ms (1.15 s rounded up to 100 ms)", r.Usage)
	}
}

// Tiny rates saturate instead of overflowing into no limit at all.
func TestTinyRates(t *testing.T) {
	task := `{"Type":"Task","Resource":"` + lambdaARN + `","End":true}`
	r := sim(t, dmap(`"MaxConcurrency":10`, task), items(3), "mapRun: {childStartRate: 1e-10}\ntasks: {Work: {duration: 1s}}\n", 1)
	if r.MakespanSeconds < 3600 {
		t.Errorf("makespan %v s: a start rate of 1e-10 per second did not slow the run", r.MakespanSeconds)
	}
}

// Markdown cells escape pipes and backticks; JSON keys are always there.
func TestReportEscapingAndKeys(t *testing.T) {
	task := `{"Type":"Task","Resource":"` + lambdaARN + `","End":true}`
	r := sim(t, dmap(`"ToleratedFailurePercentage":100`, task), items(20), "pools: {db|x: {concurrency: 5, throttleError: ''}}\ntasks: {Work: {duration: 1s, failures: {Err|Pipe: 0.5}, pool: db|x}}\n", 1)
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(line, "|") && (strings.Contains(line, "Err|Pipe") || strings.Contains(line, "db|x")) {
			t.Errorf("unescaped pipe in %q", line)
		}
	}
	pass := run(t, simulate.Config{}, `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`, "")
	var js bytes.Buffer
	if err := pass.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(js.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"tasks", "pools", "assumptions", "notes", "retries", "error", "failedAtSeconds"} {
		if v, ok := m[key]; !ok || (v == nil && key != "failedAtSeconds") {
			t.Errorf("key %q is %v", key, v)
		}
	}
}
