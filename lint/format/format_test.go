package format

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from current output")

// The rules and diagnostics below are made up for the format tests, so the
// goldens do not change when the real rule catalogue does.
var (
	ruleLabel = &lint.Rule{
		ID: "DMAP015", Name: "map-label-invalid", Severity: lint.Error, AWSCode: "INVALID_LABEL_NAME",
		Summary: "Map Label breaks the naming rules",
		Doc:     "Labels are at most 40 characters, unique, without whitespace or reserved characters.",
		Bad:     `{"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "has space", "End": true}}}`,
		Good:    `{"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "fanout", "End": true}}}`,
		Tags:    []string{"correctness", "distributed-map"}, Source: "Map state: Label",
	}
	ruleSyntax = &lint.Rule{
		ID: "ASL001", Name: "syntax", Severity: lint.Error,
		Summary: "the file is not well-formed JSON or YAML",
		Bad:     `{"StartAt": "A",}`, Tags: []string{"syntax"},
	}
	ruleCost = &lint.Rule{
		ID: "DMAP030", Name: "express-children-cost", Severity: lint.Warning,
		Summary: "children run long enough that STANDARD would be cheaper", Doc: "Compare the price.",
		ExampleType: "EXPRESS",
	}
	ruleAdvice = &lint.Rule{
		ID: "DMAP040", Name: "tolerated-failure-unreachable", Severity: lint.Info,
		Summary: "a Catch turns every failure into success, so ToleratedFailure* never trips",
	}
	testRules = []*lint.Rule{ruleSyntax, ruleLabel, ruleCost, ruleAdvice}
)

func pos(line, col, off int) asl.Pos { return asl.Pos{Line: line, Col: col, Offset: off} }

// testDiagnostics are deliberately out of order and include the awkward
// cases: characters that workflow commands must escape, a range over
// several lines, a point (a syntax error), non-ASCII paths and standard
// input.
func testDiagnostics() []lint.Diagnostic {
	return []lint.Diagnostic{
		{Rule: ruleAdvice, Severity: lint.Info, File: "infra/sm.asl.json", Pointer: "/States/Fan/ToleratedFailurePercentage",
			Message: "ToleratedFailurePercentage 5 can never be reached: the Catch on \"Transform\" turns every failure into success",
			Start:   pos(20, 7, 400), End: pos(20, 38, 431)},
		{Rule: ruleLabel, Severity: lint.Error, File: "infra/sm.asl.json", Pointer: "/States/Fan/Label",
			Message: `label "has space" contains whitespace; use letters, digits, - and _`,
			Start:   pos(9, 16, 201), End: pos(9, 27, 212)},
		{Rule: ruleCost, Severity: lint.Warning, File: "infra/sm.asl.json", Pointer: "/States/Fan/ItemProcessor",
			Message: "100% of children, at 4:30 min each, cost more as EXPRESS, than STANDARD: set ExecutionType to STANDARD",
			Start:   pos(4, 24, 60), End: pos(8, 8, 180)},
		{Rule: ruleSyntax, Severity: lint.Error, File: "broken, really: yes.json",
			Message: "invalid character '}' looking for beginning of object key string\nsecond line\r",
			Start:   pos(1, 17, 16)},
		{Rule: ruleLabel, Severity: lint.Error, File: "états/définition.asl.yaml", Pointer: "/States/Été/Label",
			Message: `label "a b" contains whitespace; use letters, digits, - and _`,
			Start:   pos(3, 12, 40), End: pos(3, 17, 45)},
		{Rule: ruleLabel, Severity: lint.Error, File: "<stdin>", Pointer: "/States/M/Label",
			Message: `label "x y" contains whitespace; use letters, digits, - and _`,
			Start:   pos(1, 60, 59), End: pos(1, 65, 64)},
	}
}

var testTool = Tool{Name: "sfnsim", Version: "v1.2.3", InformationURI: "https://github.com/sfnsim/sfnsim"}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./lint/format -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./lint/format -update, then review the diff)\n--- got\n%s\n--- want\n%s",
			name, got, want)
	}
}

func render(t *testing.T, f func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	ds := testDiagnostics()
	sum := Summary{Files: 3, Definitions: 3}
	for _, tc := range []struct {
		name string
		f    func(*bytes.Buffer) error
	}{
		{"text.golden", func(b *bytes.Buffer) error { return Text(b, ds, TextOptions{}) }},
		{"text-color.golden", func(b *bytes.Buffer) error { return Text(b, ds, TextOptions{Color: true}) }},
		{"json.golden", func(b *bytes.Buffer) error { return JSON(b, ds, testTool, sum) }},
		{"json-empty.golden", func(b *bytes.Buffer) error { return JSON(b, nil, testTool, Summary{Files: 2}) }},
		{"sarif.golden", func(b *bytes.Buffer) error { return SARIF(b, ds, testRules[:2], testTool) }},
		{"sarif-empty.golden", func(b *bytes.Buffer) error {
			return SARIF(b, nil, testRules[:1], Tool{Name: "sfnsim", Version: "dev"})
		}},
		{"github.golden", func(b *bytes.Buffer) error { return GitHub(b, ds) }},
		{"summary.golden", func(b *bytes.Buffer) error { _, err := b.Write(StepSummary(ds, sum, MaxStepSummary)); return err }},
		{"summary-truncated.golden", func(b *bytes.Buffer) error { _, err := b.Write(StepSummary(ds, sum, 500)); return err }},
		{"summary-clean.golden", func(b *bytes.Buffer) error {
			_, err := b.Write(StepSummary(nil, Summary{Files: 1, Definitions: 1}, MaxStepSummary))
			return err
		}},
		{"explain.golden", func(b *bytes.Buffer) error { return Explain(b, ruleLabel) }},
		{"explain-minimal.golden", func(b *bytes.Buffer) error { return Explain(b, ruleCost) }},
		{"rules.golden", func(b *bytes.Buffer) error { return RuleList(b, testRules) }},
	} {
		t.Run(tc.name, func(t *testing.T) { golden(t, tc.name, render(t, tc.f)) })
	}
}

// TestRenderersKeepInputOrder: renderers sort a copy, never the caller's
// slice.
func TestRenderersKeepInputOrder(t *testing.T) {
	ds := testDiagnostics()
	first := ds[0].Message
	var b bytes.Buffer
	_ = Text(&b, ds, TextOptions{})
	_ = JSON(&b, ds, testTool, Summary{})
	_ = SARIF(&b, ds, nil, testTool)
	_ = GitHub(&b, ds)
	if ds[0].Message != first {
		t.Errorf("a renderer reordered its input")
	}
}

// TestStepSummaryLimit: the summary never exceeds its limit, however many
// findings there are.
func TestStepSummaryLimit(t *testing.T) {
	d := testDiagnostics()[1]
	var ds []lint.Diagnostic
	for i := range 30000 {
		d.Start.Line = i + 1
		ds = append(ds, d)
	}
	out := StepSummary(ds, Summary{Files: 1, Definitions: 1}, MaxStepSummary)
	if len(out) > MaxStepSummary {
		t.Errorf("summary is %d bytes, over the %d limit", len(out), MaxStepSummary)
	}
	if !bytes.Contains(out, []byte("more findings not shown")) {
		t.Errorf("summary does not say findings were left out")
	}
}

// TestColumnsAreCodePoints lints a definition whose line holds multi-byte
// characters before the finding: columns count code points, not bytes,
// in every format.
func TestColumnsAreCodePoints(t *testing.T) {
	src := `{"Comment": "débit → crédit", "StartAt": "Frist", "States": {"First": {"Type": "Succeed"}}}`
	ds, err := lint.Text("m.asl.json", []byte(src), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 {
		t.Fatal("no finding for a StartAt that names no state")
	}
	wantCol := len([]rune(src[:strings.Index(src, `"Frist"`)])) + 1
	var text, gh bytes.Buffer
	if err := Text(&text, ds[:1], TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := GitHub(&gh, ds[:1]); err != nil {
		t.Fatal(err)
	}
	if want := "m.asl.json:1:" + strconv.Itoa(wantCol) + ":"; !strings.HasPrefix(text.String(), want) {
		t.Errorf("text: got %q, want prefix %q", text.String(), want)
	}
	if want := ",col=" + strconv.Itoa(wantCol) + ",endLine=1,endColumn=" + strconv.Itoa(wantCol+len(`"Frist"`)) + ","; !strings.Contains(gh.String(), want) {
		t.Errorf("github: got %q, want %q in it", gh.String(), want)
	}
}

func TestEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100% done", "100%25 done", "100%25 done"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
		{"%0A", "%250A", "%250A"},
	} {
		if got := escapeData(tc.in); got != tc.data {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestArtifactURI(t *testing.T) {
	for _, tc := range []struct{ in, uri, base string }{
		{"infra/sm.asl.json", "infra/sm.asl.json", srcRoot},
		{"./sm.json", "sm.json", srcRoot},
		{"with space/é.json", "with%20space/%C3%A9.json", srcRoot},
		{"a:b.json", "./a:b.json", srcRoot},
		{"<stdin>", "%3Cstdin%3E", srcRoot},
		{"/abs/sm.json", "file:///abs/sm.json", ""},
		{`C:\work\sm.json`, "file:///C:/work/sm.json", ""},
	} {
		uri, base := artifactURI(tc.in)
		if uri != tc.uri || base != tc.base {
			t.Errorf("artifactURI(%q) = %q, %q; want %q, %q", tc.in, uri, base, tc.uri, tc.base)
		}
	}
}

func TestRelativeTo(t *testing.T) {
	base := t.TempDir()
	ds := []lint.Diagnostic{
		{Rule: ruleLabel, File: filepath.Join(base, "infra", "sm.json")},
		{Rule: ruleLabel, File: filepath.Join(filepath.Dir(base), "elsewhere.json")},
		{Rule: ruleLabel, File: "<stdin>"},
	}
	got := RelativeTo(ds, base)
	want := []string{"infra/sm.json", filepath.ToSlash(filepath.Join(filepath.Dir(base), "elsewhere.json")), "<stdin>"}
	for i := range want {
		if got[i].File != want[i] {
			t.Errorf("RelativeTo: file %d = %q, want %q", i, got[i].File, want[i])
		}
	}
	if ds[0].File == got[0].File {
		t.Errorf("RelativeTo changed its input")
	}
}

func TestSemanticVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v0.4.0": "0.4.0", "1.2.3": "1.2.3", "v1.0.0-rc.1+meta": "1.0.0-rc.1+meta",
		"dev": "", "(devel)": "", "v1.2": "", "v0.0.0-20250101000000-abcdef123456": "0.0.0-20250101000000-abcdef123456",
	} {
		if got := semanticVersion(in); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWrap(t *testing.T) {
	got := wrap("aaa bbb ccc dddddddddd e", 7)
	want := "aaa bbb\nccc\ndddddddddd\ne"
	if got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("ééééé", 3); got != "éé…" {
		t.Errorf("truncate = %q", got)
	}
	if got := truncate("abc", 3); got != "abc" {
		t.Errorf("truncate = %q", got)
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"plain  two spaces": "plain  two spaces",
		"a\nb":              "a b",
		"a \r\n b\r":        "a b",
		"\n":                "",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
