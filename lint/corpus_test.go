package lint

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

// corpusAllowList names files of the labelled corpus whose label is wrong by
// AWS's documented behaviour, with the reason. A file listed here is still
// linted; the test only stops requiring its label.
var corpusAllowList = map[string]string{
	"aslvalidator__valid-task-credentials.json": "Credentials without RoleArn: AWS answers " +
		"\"The field 'RoleArn' is required but was missing at /States/S/Credentials\" (asl-semantics §11, observed)",
	"statelint__task-with-credentials.json": "Credentials without RoleArn (field names are case-sensitive): AWS answers " +
		"\"The field 'RoleArn' is required but was missing\" (asl-semantics §11, observed)",
	"aslvalidator__valid-task-intrisic-function.json": "Resource is a CloudFormation Fn::GetAtt/Ref object: valid only inside a " +
		"template after substitution; as plain ASL, AWS requires Resource to be a string (ASL specification: Task State)",
	"aslvalidator__invalid-json-surround-syntax-extra-spaces.json": "labelled invalid, but the whitespace is inside the " +
		"delimiters: AWS requires only that the string start with \"{%\" and end with \"%}\" (Transforming data with JSONata)",
	"aslvalidator__invalid-jsonata-surround-syntax-no-spaces.json": "labelled invalid, but \"{%10%}\" starts with \"{%\" and " +
		"ends with \"%}\", which is all AWS requires (Transforming data with JSONata); asl-validator's regex is stricter than AWS",
	"aslvalidator__valid-map-with-item-batcher-jsonata.json": "a state sets QueryLanguage JSONPath inside a JSONata machine; " +
		"AWS rejects that: \"'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine\" (asl-semantics §1, observed)",
	"scenarios__test_map_item_reader_csv_headers_decl_duplicate_headers__get_execution_history.json": "DMAP023: the definition is accepted, " +
		"but its run was recorded FAILED with States.ItemReaderFailed \"CSV headers cannot contain duplicates.\"; an error is the right verdict for a run that always fails",
}

// conformanceDefinitions writes the definition of every conformance case (each
// ran on AWS, so each is valid) into dir and returns the file names.
func conformanceDefinitions(tb testing.TB, dir string) []string {
	tb.Helper()
	cases, err := filepath.Glob(filepath.Join(sharedtest.Dir(tb), "conformance", "*", "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var files []string
	for _, c := range cases {
		if filepath.Base(c) == "index.json" {
			continue
		}
		raw, err := os.ReadFile(c)
		if err != nil {
			tb.Fatal(err)
		}
		var tc struct {
			Definition json.RawMessage `json:"definition"`
		}
		if err := json.Unmarshal(raw, &tc); err != nil {
			tb.Fatalf("%s: %v", c, err)
		}
		if len(tc.Definition) == 0 || string(tc.Definition) == "null" {
			continue
		}
		name := filepath.Join(dir, filepath.Base(filepath.Dir(c))+"__"+filepath.Base(c))
		if err := os.WriteFile(name, tc.Definition, 0o644); err != nil {
			tb.Fatal(err)
		}
		files = append(files, name)
	}
	return files
}

func errorsOnly(ds []Diagnostic) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// TestCorpusValid: no error-severity finding on a definition labelled valid
// or recorded on AWS.
func TestCorpusValid(t *testing.T) {
	valid, err := filepath.Glob(filepath.Join(sharedtest.Dir(t), "corpus", "lint", "valid", "*"))
	if err != nil || len(valid) == 0 {
		t.Fatalf("no valid corpus files: %v", err)
	}
	files := append(valid, conformanceDefinitions(t, t.TempDir())...)
	for _, f := range files {
		res := Paths([]string{f}, Options{}, nil)
		errs := errorsOnly(res.Diagnostics)
		reason, allowed := corpusAllowList[filepath.Base(f)]
		switch {
		case len(errs) > 0 && !allowed:
			t.Errorf("%s is valid but gets errors:\n%s", filepath.Base(f), formatText(errs))
		case len(errs) == 0 && allowed:
			t.Errorf("%s is allow-listed (%s) but gets no error: remove it from the list", filepath.Base(f), reason)
		}
	}
	t.Logf("%d valid definitions linted", len(files))
}

// TestCorpusInvalid: at least 95% of the definitions labelled invalid get an
// error-severity finding.
func TestCorpusInvalid(t *testing.T) {
	invalid, err := filepath.Glob(filepath.Join(sharedtest.Dir(t), "corpus", "lint", "invalid", "*"))
	if err != nil || len(invalid) == 0 {
		t.Fatalf("no invalid corpus files: %v", err)
	}
	var missed []string
	for _, f := range invalid {
		res := Paths([]string{f}, Options{}, nil)
		if len(errorsOnly(res.Diagnostics)) == 0 {
			if _, allowed := corpusAllowList[filepath.Base(f)]; !allowed {
				missed = append(missed, filepath.Base(f))
			}
		}
	}
	sort.Strings(missed)
	flagged := len(invalid) - len(missed)
	pct := 100 * float64(flagged) / float64(len(invalid))
	t.Logf("invalid corpus: %d of %d flagged (%.1f%%)", flagged, len(invalid), pct)
	if len(missed) > 0 {
		t.Logf("not flagged:\n  %s", strings.Join(missed, "\n  "))
	}
	if pct < 95 {
		t.Errorf("only %.1f%% of invalid definitions flagged; want at least 95%%", pct)
	}
}

// BenchmarkLintCorpus lints the whole corpus and every conformance
// definition (several hundred files) in one call, as `sfnsim lint DIR` does,
// and reports files per second.
func BenchmarkLintCorpus(b *testing.B) {
	dir := b.TempDir()
	n := len(conformanceDefinitions(b, dir))
	for _, label := range []string{"valid", "invalid"} {
		files, _ := filepath.Glob(filepath.Join(sharedtest.Dir(b), "corpus", "lint", label, "*"))
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, label+"__"+filepath.Base(f)), raw, 0o644); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ResetTimer()
	for b.Loop() {
		res := Paths([]string{dir}, Options{}, nil)
		if res.Files != n {
			b.Fatalf("linted %d files, want %d", res.Files, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(n), "files")
}

// FuzzLint: parsing and linting arbitrary text never panics, and every
// finding has a rule and a position inside the text.
func FuzzLint(f *testing.F) {
	for _, dir := range []string{"ok", "err"} {
		files, _ := filepath.Glob(filepath.Join(fixtureRoot, dir, "*.json"))
		for _, file := range files {
			if raw, err := os.ReadFile(file); err == nil {
				f.Add(raw, false)
			}
		}
	}
	f.Add([]byte("StartAt: A\nStates:\n  A: {Type: Map, ItemProcessor: {StartAt: B, States: {B: {Type: Succeed}}}, End: true}\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, yaml bool) {
		name := "fuzz.json"
		if yaml {
			name = "fuzz.yaml"
		}
		ds, _ := Text(name, data, Options{})
		lines := strings.Count(string(data), "\n") + 1
		for _, d := range ds {
			if d.Rule == nil || d.Message == "" {
				t.Fatalf("finding without rule or message: %+v", d)
			}
			if d.Start.Line < 1 || d.Start.Line > lines || d.End.Line > lines {
				t.Fatal(fmt.Sprintf("finding outside the text: %s:%d (text has %d lines)", d.Rule.ID, d.Start.Line, lines))
			}
		}
	})
}
