package lint

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden .out files of testdata/lint/err from current output")

// fixtureRoot is where the lint fixtures live, relative to this package.
const fixtureRoot = "../testdata/lint"

// formatText renders diagnostics as the golden files hold them: the file's
// base name, then line:col, message and rule.
func formatText(ds []Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s:%d:%d: %s [%s]\n", filepath.Base(d.File), d.Start.Line, d.Start.Col, d.Message, d.Rule.ID)
	}
	return b.String()
}

func fixtureFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	entries, err := os.ReadDir(filepath.Join(fixtureRoot, dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() && !strings.HasSuffix(e.Name(), ".out") && !strings.HasSuffix(e.Name(), ".md") {
			files = append(files, filepath.Join(fixtureRoot, dir, e.Name()))
		}
	}
	return files
}

// TestOKFixtures: every file in testdata/lint/ok lints clean, at every
// severity.
func TestOKFixtures(t *testing.T) {
	for _, f := range fixtureFiles(t, "ok") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			res := Paths([]string{f}, fixtureOptions(f), nil)
			if len(res.InputErrors) > 0 {
				t.Fatalf("input errors: %v", res.InputErrors)
			}
			if len(res.Diagnostics) > 0 {
				t.Errorf("want no findings, got:\n%s", formatText(res.Diagnostics))
			}
			if res.Definitions == 0 {
				t.Errorf("no state machine found in %s", f)
			}
		})
	}
}

// TestErrFixtures: every file X in testdata/lint/err gives exactly the
// findings in X.out (one per line; a line /…/ is a regular expression).
// Run with -update to rewrite the .out files, then review the diff.
func TestErrFixtures(t *testing.T) {
	for _, f := range fixtureFiles(t, "err") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			res := Paths([]string{f}, fixtureOptions(f), nil)
			got := formatText(res.Diagnostics)
			golden := strings.TrimSuffix(f, filepath.Ext(f)) + ".out"
			if strings.HasSuffix(f, ".asl.json") || strings.HasSuffix(f, ".asl.yaml") {
				golden = strings.TrimSuffix(strings.TrimSuffix(f, ".json"), ".yaml")
				golden = strings.TrimSuffix(golden, ".asl") + ".out"
			}
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden file %s (run go test ./lint -run TestErrFixtures -update): %v", golden, err)
			}
			if got == "" {
				t.Fatalf("fixture %s gives no findings", f)
			}
			if !matchGolden(string(want), got) {
				t.Errorf("findings differ from %s\n--- want\n%s--- got\n%s", golden, want, got)
			}
		})
	}
}

// fixtureOptions lets a fixture name the machine type it is linted as:
// a file named *.express.* is an EXPRESS state machine.
func fixtureOptions(path string) Options {
	if strings.Contains(filepath.Base(path), ".express.") {
		return Options{MachineType: "EXPRESS"}
	}
	return Options{}
}

func matchGolden(want, got string) bool {
	wl := strings.Split(strings.TrimRight(want, "\n"), "\n")
	gl := strings.Split(strings.TrimRight(got, "\n"), "\n")
	if len(wl) != len(gl) {
		return false
	}
	for i := range wl {
		if strings.HasPrefix(wl[i], "/") && strings.HasSuffix(wl[i], "/") && len(wl[i]) > 1 {
			re, err := regexp.Compile(wl[i][1 : len(wl[i])-1])
			if err != nil || !re.MatchString(gl[i]) {
				return false
			}
			continue
		}
		if wl[i] != gl[i] {
			return false
		}
	}
	return true
}

// TestEveryRuleHasAFixture: each registered rule is exercised by at least
// one err fixture.
func TestEveryRuleHasAFixture(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range fixtureFiles(t, "err") {
		res := Paths([]string{f}, fixtureOptions(f), nil)
		for _, d := range res.Diagnostics {
			seen[d.Rule.ID] = true
		}
	}
	for _, r := range Rules() {
		if !seen[r.ID] {
			t.Errorf("rule %s (%s) has no fixture in testdata/lint/err", r.ID, r.Name)
		}
	}
}

// TestRuleExamples: each rule's Bad example triggers it and its Good example
// does not, so the documentation `sfnsim explain` prints stays true.
func TestRuleExamples(t *testing.T) {
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			if r.Summary == "" || r.Doc == "" || r.Name == "" {
				t.Errorf("rule %s lacks a name, summary or doc", r.ID)
			}
			if r.Bad == "" || r.Good == "" {
				t.Fatalf("rule %s lacks a Bad or Good example", r.ID)
			}
			opts := Options{MachineType: r.ExampleType}
			if !hasRule(exampleFindings(t, r.Bad, opts), r.ID) {
				t.Errorf("Bad example of %s does not trigger it:\n%s", r.ID, r.Bad)
			}
			if ds := exampleFindings(t, r.Good, opts); hasRule(ds, r.ID) {
				t.Errorf("Good example of %s triggers it:\n%s", r.ID, formatText(ds))
			}
		})
	}
}

func exampleFindings(t *testing.T, src string, opts Options) []Diagnostic {
	t.Helper()
	ds, _ := Text("example.asl.json", []byte(src), opts)
	return ds
}

func hasRule(ds []Diagnostic, id string) bool {
	for _, d := range ds {
		if d.Rule.ID == id {
			return true
		}
	}
	return false
}
