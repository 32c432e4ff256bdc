package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

const workedProfile = "../../examples/worked-example.yaml"

// The worked examples of quotas-and-pricing §3 through the command line:
// the founding example over 1,000,000 items with a 200 ms-per-item Lambda
// (128 MB, x86_64) and a 100 ms child overhead.
func TestCostWorkedExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 4 scenarios of 1,000,000 items")
	}
	perRun := func(args ...string) map[string]string {
		t.Helper()
		args = append([]string{"cost", "--profile", workedProfile, "--items", "1000000", "--batch-sizes", "100", "--format", "json"}, args...)
		code, out, errOut := sfnsim(t, "", args...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var rep struct {
			Scenarios []struct {
				ExecutionType string `json:"executionType"`
				ItemsPerBatch int    `json:"itemsPerBatch"`
				PerRun        string `json:"perRun"`
			} `json:"scenarios"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, s := range rep.Scenarios {
			got[s.ExecutionType+"/"+itoa(s.ItemsPerBatch)] = s.PerRun
		}
		return got
	}
	want := map[string]string{
		"EXPRESS/1":    "26.9292029", // $26.93: the spec's 26.9291925 plus 1 S3 GET and 2 PUTs
		"EXPRESS/100":  "0.8880779",  // $0.89
		"STANDARD/1":   "50.6167029", // $50.62
		"STANDARD/100": "0.9187029",  // $0.92
	}
	got := perRun()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s per run %s, want %s", k, got[k], v)
		}
	}
	free := perRun("--free-tier")
	if free["EXPRESS/1"] == "" || !strings.HasPrefix(free["EXPRESS/1"], "26.21") {
		t.Errorf("EXPRESS unbatched with the free tier: %s, want $26.21", free["EXPRESS/1"])
	}
	// And as the table shows them, rounded to cents.
	_, table, _ := sfnsim(t, "", "cost", "--profile", workedProfile, "--items", "1000000", "--batch-sizes", "100", "--free-tier")
	for _, cell := range []string{"$26.21", "$0.37", "$49.90", "$0.40"} {
		if !strings.Contains(table, cell) {
			t.Errorf("the free-tier table has no %s:\n%s", cell, table)
		}
	}
}

func itoa(n int) string { return jsonNumber(n) }

func jsonNumber(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// Every output format, on a smaller run.
func TestCostGolden(t *testing.T) {
	base := []string{"cost", "--profile", workedProfile, "--items", "20000", "--batch-sizes", "100"}
	tests := []struct {
		name string
		args []string
	}{
		{"cost.table", base},
		{"cost.json", append(base, "--format", "json")},
		{"cost.md", append(base, "--format", "markdown", "--runs-per-month", "30", "--free-tier")},
		{"cost.infracost.yml", append(base, "--format", "infracost-usage", "--runs-per-month", "30")},
		{"cost-default.table", []string{"cost", "--batch-sizes", "10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := sfnsim(t, "", tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, filepath.Join("..", "cost", tt.name), out)
		})
	}
}

// cost diff on two fixtures: the founding example as base, and a head
// whose children are batched by 100.
func TestCostDiff(t *testing.T) {
	for _, format := range []string{"markdown", "table", "json"} {
		code, out, errOut := sfnsim(t, "", "cost", "diff", "testdata/cost/base.json", "testdata/cost/head.json", "--format", format)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, code, errOut)
		}
		golden(t, filepath.Join("..", "cost", "diff."+format), out)
	}
}

// --from prices a saved simulation as written.
func TestCostFromSimulation(t *testing.T) {
	dir := t.TempDir()
	_, sim, _ := sfnsim(t, "", "simulate", "--profile", workedProfile, "--items", "10000", "--format", "json")
	path := filepath.Join(dir, "sim.json")
	write(t, path, sim)
	code, out, errOut := sfnsim(t, "", "cost", "--from", path, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Scenarios []struct{ PerRun string } `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Scenarios) != 1 {
		t.Fatalf("%v: %s", err, out)
	}
	// 10,000 items: 10,001 transitions ($0.250025), 10,000 Express requests
	// ($0.01) of 300 ms at 64 MB ($0.003125), 10,000 Lambda calls
	// ($0.002) of 200 ms at 128 MB ($0.004166675), 1 GET and 2 PUTs
	// ($0.0000104).
	if rep.Scenarios[0].PerRun != "0.269327075" {
		t.Errorf("per run %s, want 0.269327075", rep.Scenarios[0].PerRun)
	}
}

func TestCostErrors(t *testing.T) {
	dir := t.TempDir()
	badPricing := filepath.Join(dir, "p.json")
	write(t, badPricing, `{"standard": {"regions": {"us-east-1": {"transitionsPer1000": "cheap"}}}}`)
	notReport := filepath.Join(dir, "x.json")
	write(t, notReport, `{"items": 3}`)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"cost", "--format", "csv"}, `--format "csv": use table, json, markdown or infracost-usage`},
		{[]string{"cost", "--runs-per-month", "0"}, "--runs-per-month 0: give at least 1"},
		{[]string{"cost", "--batch-sizes", "10,x"}, `--batch-sizes: "x" is not a batch size`},
		{[]string{"cost", "--pricing", badPricing}, "/standard/regions/us-east-1/transitionsPer1000"},
		{[]string{"cost", "--from", notReport}, "not the JSON of 'sfnsim simulate --format json' (it has no status)"},
		{[]string{"cost", "--from", notReport, "--items", "10"}, "--items cannot change a saved simulation (--from)"},
		{[]string{"cost", "diff", notReport, notReport}, "no stateMachine or scenarios"},
		{[]string{"cost", "diff", "testdata/cost/base.json", "testdata/cost/head.json", "--format", "yaml"}, `--format "yaml": use markdown, table or json`},
		{[]string{"cost", "diff", "testdata/cost/base.json"}, "accepts 2 arg(s)"},
	}
	for _, tt := range tests {
		code, out, errOut := sfnsim(t, "", tt.args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("sfnsim %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, code, out, errOut, tt.want)
		}
	}
}
