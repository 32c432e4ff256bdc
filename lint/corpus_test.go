package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

// allowed is an entry of corpusAllowList.
type allowed struct {
	rules  []string // the rules that may report an error on the file
	reason string   // why its label is wrong, with the AWS evidence
}

// corpusAllowList names the files of the shared test data whose label is
// wrong by AWS's documented or recorded behaviour, with the reason and the
// rules that rightly disagree with the label. A listed file is still
// linted; the test only stops requiring its label, and fails when the entry
// becomes stale.
var corpusAllowList = map[string]allowed{
	"corpus/lint/valid/aslvalidator__valid-map-with-item-batcher-jsonata.json": {[]string{"ASL022"},
		"a state sets QueryLanguage JSONPath inside a JSONata machine; AWS rejects that: \"'QueryLanguage' can not be " +
			"'JSONPath' if set to 'JSONata' for whole state machine\" (asl-semantics §1, observed)"},
	"corpus/lint/valid/aslvalidator__valid-task-credentials.json": {[]string{"ASL003"},
		"Credentials without RoleArn: AWS answers \"The field 'RoleArn' is required but was missing at " +
			"/States/S/Credentials\" (asl-semantics §11, observed)"},
	"corpus/lint/valid/statelint__task-with-credentials.json": {[]string{"ASL003"},
		"Credentials with \"roleArn\" instead of RoleArn (field names are case-sensitive): AWS answers \"The field " +
			"'RoleArn' is required but was missing\" (asl-semantics §11, observed)"},
	"corpus/lint/valid/aslvalidator__valid-task-intrisic-function.json": {[]string{"ASL003"},
		"Resource is a CloudFormation Fn::GetAtt/Ref object: valid only inside a template, after substitution; in the " +
			"definition AWS receives, Resource is a string (ASL specification: Task State)"},
	"conformance/scenarios/test_map_item_reader_csv_headers_decl_duplicate_headers__get_execution_history.json": {[]string{"DMAP023"},
		"AWS accepts the definition, but its run was recorded FAILED with States.ItemReaderFailed \"CSV headers " +
			"cannot contain duplicates.\": an error is the right verdict for a run that always fails"},
	"corpus/lint/invalid/aslvalidator__invalid-json-surround-syntax-extra-spaces.json": {nil,
		"labelled invalid, but the whitespace is inside the delimiters: AWS requires only that the string start with " +
			"\"{%\" and end with \"%}\" (AWS docs: Transforming data with JSONata)"},
	"corpus/lint/invalid/aslvalidator__invalid-jsonata-surround-syntax-no-spaces.json": {nil,
		"labelled invalid, but \"{%10%}\" starts with \"{%\" and ends with \"%}\", which is all AWS requires (AWS docs: " +
			"Transforming data with JSONata); asl-validator's regular expression is stricter than AWS"},
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
// or recorded on AWS, except where corpusAllowList says the label is wrong.
// Warnings and advice are counted in the log (go test -v).
func TestCorpusValid(t *testing.T) {
	defs := sharedtest.Accepted(t)
	bySeverity := map[Severity]map[string]int{Error: {}, Warning: {}, Info: {}}
	for _, def := range defs {
		ds, err := Text(def.Base(), def.Text, Options{})
		if err != nil {
			t.Errorf("%s: %v", def.Name, err)
			continue
		}
		allow, listed := corpusAllowList[def.Name]
		var unexpected []Diagnostic
		seen := map[string]bool{}
		for _, d := range ds {
			bySeverity[d.Severity][d.Rule.ID]++
			if d.Severity != Error {
				continue
			}
			seen[d.Rule.ID] = true
			if !contains(allow.rules, d.Rule.ID) {
				unexpected = append(unexpected, d)
			}
		}
		if len(unexpected) > 0 {
			t.Errorf("%s is valid but gets errors:\n%s", def.Name, formatText(unexpected))
		}
		for _, id := range allow.rules {
			if !seen[id] {
				t.Errorf("%s is allow-listed for %s (%s) but gets no such error: remove the entry", def.Name, id, allow.reason)
			}
		}
		if listed && len(allow.rules) == 0 {
			t.Errorf("%s is listed as a wrongly labelled invalid file, but it is in the valid set", def.Name)
		}
	}
	t.Logf("%d valid definitions linted (corpus and conformance)", len(defs))
	for _, sev := range []Severity{Warning, Info} {
		t.Logf("%s findings on valid definitions by rule: %s", sev, countsLine(bySeverity[sev]))
	}
}

func countsLine(counts map[string]int) string {
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return lessID(ids[i], ids[j]) })
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%s×%d", id, counts[id])
	}
	return strings.Join(parts, " ")
}

// TestCorpusInvalid: at least 95% of the definitions labelled invalid get an
// error-severity finding. Files whose label corpusAllowList disputes count
// as neither flagged nor missed.
func TestCorpusInvalid(t *testing.T) {
	defs := sharedtest.Corpus(t, "invalid")
	var missed []string
	judged := 0
	for _, def := range defs {
		if _, disputed := corpusAllowList[def.Name]; disputed {
			continue
		}
		judged++
		ds, _ := Text(def.Base(), def.Text, Options{})
		if len(errorsOnly(ds)) == 0 {
			missed = append(missed, def.Name)
		}
	}
	sort.Strings(missed)
	flagged := judged - len(missed)
	pct := 100 * float64(flagged) / float64(judged)
	t.Logf("invalid corpus: %d of %d flagged with an error (%.1f%%); %d labels disputed", flagged, judged, pct, len(defs)-judged)
	if len(missed) > 0 {
		t.Logf("not flagged:\n  %s", strings.Join(missed, "\n  "))
	}
	if pct < 95 {
		t.Errorf("only %.1f%% of invalid definitions flagged; want at least 95%%", pct)
	}
}

// BenchmarkLintCorpus lints every definition of the shared test data (the
// labelled corpus and the conformance definitions: several hundred files)
// in one call, as `sfnsim lint DIR` does, and reports files per second.
func BenchmarkLintCorpus(b *testing.B) {
	dir := b.TempDir()
	defs := append(sharedtest.Accepted(b), sharedtest.Corpus(b, "invalid")...)
	for i, def := range defs {
		name := filepath.Join(dir, fmt.Sprintf("%04d-%s", i, def.Base()))
		if err := os.WriteFile(name, def.Text, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		res := Paths([]string{dir}, Options{}, nil)
		if res.Files != len(defs) {
			b.Fatalf("linted %d files, want %d", res.Files, len(defs))
		}
	}
	b.ReportMetric(float64(len(defs))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// FuzzLint: parsing and linting arbitrary text never panics, and every
// finding has a rule, a message and a position inside the text.
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
				t.Fatalf("finding outside the text: %s at line %d (text has %d lines)", d.Rule.ID, d.Start.Line, lines)
			}
		}
	})
}
