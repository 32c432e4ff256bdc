package main

import (
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/simulate")

// golden compares got with testdata/simulate/name, or rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "simulate", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/sfnsim -run %s -update)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s (rerun with -update and review the diff):\n%s", path, got)
	}
}

// The embedded example in each format, and with the example profile.
func TestSimulateGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"example.table", []string{"simulate"}},
		{"example.json", []string{"simulate", "--format", "json"}},
		{"example.md", []string{"simulate", "--format", "markdown"}},
		{"profile.table", []string{"simulate", "--profile", "../../examples/profile.yaml", "--items", "20000", "--seed", "3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := sfnsim(t, "", tt.args...)
			if code != exitOK || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			golden(t, tt.name, out)
		})
	}
}

// The same seed gives the same output, byte for byte.
func TestSimulateDeterministic(t *testing.T) {
	_, a, _ := sfnsim(t, "", "simulate", "--items", "5000", "--seed", "9", "--format", "json")
	_, b, _ := sfnsim(t, "", "simulate", "--items", "5000", "--seed", "9", "--format", "json")
	if a != b {
		t.Error("two runs with seed 9 differ")
	}
	var r struct {
		Items  int64 `json:"items"`
		Status string
	}
	if err := json.Unmarshal([]byte(a), &r); err != nil || r.Items != 5000 || r.Status != "SUCCEEDED" {
		t.Errorf("json output: %v %+v", err, r)
	}
}

// Definitions, manifests and inputs from files.
func TestSimulateFiles(t *testing.T) {
	dir := t.TempDir()
	def := filepath.Join(dir, "sm.asl.json")
	write(t, def, `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,"ItemsPath":"$.items",
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"W","States":{
			"W":{"Type":"Wait","Seconds":10,"End":true}}},"End":true}}}`)
	input := filepath.Join(dir, "input.json")
	write(t, input, `{"items":[1,2,3,4,5]}`)
	code, out, errOut := sfnsim(t, "", "simulate", def, "--input", input, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		MakespanSeconds float64 `json:"makespanSeconds"`
		ChildExecutions int64   `json:"childExecutions"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.MakespanSeconds != 30 || r.ChildExecutions != 5 {
		t.Errorf("%v: makespan %v s, %d children; want 30 s (ceil(5/2)·10 s) and 5", err, r.MakespanSeconds, r.ChildExecutions)
	}

	// A manifest folder stands for the bucket the ItemReader reads.
	reader := filepath.Join(dir, "reader.asl.json")
	write(t, reader, `{"StartAt":"M","States":{"M":{"Type":"Map",
		"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL"},"Parameters":{"Bucket":"b","Key":"in/items.jsonl"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`)
	if err := os.MkdirAll(filepath.Join(dir, "bucket", "in"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "bucket", "in", "items.jsonl"), "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n")
	code, out, errOut = sfnsim(t, "", "simulate", reader, "--manifest", filepath.Join(dir, "bucket"), "--format", "json")
	if code != exitOK || !strings.Contains(out, `"items": 3`) {
		t.Errorf("exit %d, stderr %q, out %s", code, errOut, out)
	}

	// Timelines in three formats.
	for _, ext := range []string{"csv", "svg", "html"} {
		path := filepath.Join(dir, "run."+ext)
		if code, _, errOut := sfnsim(t, "", "simulate", "--timeline", path); code != exitOK {
			t.Fatalf("--timeline %s: exit %d: %s", ext, code, errOut)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch ext {
		case "csv":
			if !strings.HasPrefix(string(data), "t,running,started,succeeded,failed,throttled\n") {
				t.Errorf("csv header: %.60s", data)
			}
		case "svg":
			if err := xml.Unmarshal(data, new(struct{})); err != nil {
				t.Errorf("svg does not parse: %v", err)
			}
		case "html":
			if !strings.Contains(string(data), "<svg") {
				t.Error("html has no chart")
			}
		}
	}
}

// Bad input: exit 2 and a message that names the problem and the fix.
func TestSimulateErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.asl.json")
	write(t, bad, `{"StartAt":"Nope","States":{"A":{"Type":"Pass","End":true}}}`)
	profile := filepath.Join(dir, "p.yaml")
	write(t, profile, "tasks:\n  X: {duration: {fixd: 1s}}\n")
	notJSON := filepath.Join(dir, "in.json")
	write(t, notJSON, `{"a":`)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"simulate", "--format", "yaml"}, `--format "yaml": use table, json or markdown`},
		{[]string{"simulate", "--timeline", "run.png"}, "must end in .csv, .svg or .html"},
		{[]string{"simulate", "--items", "-5"}, "give a positive number of items"},
		{[]string{"simulate", filepath.Join(dir, "missing.json")}, "no such file"},
		{[]string{"simulate", bad}, "the definition has errors AWS would reject"},
		{[]string{"simulate", "--profile", profile}, "p.yaml:2:"},
		{[]string{"simulate", "--input", notJSON}, "in.json:1:6: unexpected end of file"},
		{[]string{"simulate", "--manifest", filepath.Join(dir, "nothing")}, "give a file standing for the S3 object"},
		{[]string{"simulate", "--type", "FAST"}, `--type "FAST": use STANDARD or EXPRESS`},
	}
	for _, tt := range tests {
		code, out, errOut := sfnsim(t, "", tt.args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("sfnsim %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

// The progress bar fills as children end.
func TestProgressBar(t *testing.T) {
	var b strings.Builder
	bar := progressBar(&b)
	bar(500, 1000)
	if got := b.String(); !strings.Contains(got, "[###############...............] 500/1000") {
		t.Errorf("progress %q", got)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
