package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/lint"
)

const (
	clean     = "testdata/clean.asl.json"
	withError = "testdata/start-at-missing.asl.json"
	malformed = "testdata/syntax.asl.json"
)

func TestLintExitStatus(t *testing.T) {
	for _, tc := range []struct {
		name       string
		args       []string
		want       int
		stdout     string // a substring; "" means stdout must be empty
		stderrPart string
	}{
		{"clean", []string{"lint", clean}, exitOK, "", ""},
		{"clean at info", []string{"lint", "--fail-on", "info", clean}, exitOK, "", ""},
		{"error", []string{"lint", withError}, exitFindings, "start-at-missing.asl.json:2:14: ", ""},
		{"error, fail-on info", []string{"lint", "--fail-on=info", withError}, exitFindings, "[ASL010]", ""},
		{"syntax error is reported and exits 2", []string{"lint", malformed}, exitUsage, "syntax.asl.json:3:39: ", ""},
		{"missing file", []string{"lint", "testdata/nope.json"}, exitUsage, "", "testdata/nope.json: no such file or directory"},
		{"missing file beside a finding", []string{"lint", withError, "testdata/nope.json"}, exitUsage, "[ASL010]", "testdata/nope.json: "},
		{"bad --format", []string{"lint", "--format", "xml", clean}, exitUsage, "", `unknown format "xml"`},
		{"bad --fail-on", []string{"lint", "--fail-on", "fatal", clean}, exitUsage, "", `unknown severity "fatal"`},
		{"bad --type", []string{"lint", "--type", "ASYNC", clean}, exitUsage, "", `unknown machine type "ASYNC"`},
		{"bad --lambda-concurrency", []string{"lint", "--lambda-concurrency", "0", clean}, exitUsage, "", "not a positive number"},
		{"non-number --lambda-concurrency", []string{"lint", "--lambda-concurrency", "many", clean}, exitUsage, "", "invalid argument"},
		{"bad --color", []string{"lint", "--color=sometimes", clean}, exitUsage, "", `unknown mode "sometimes"`},
		{"unknown flag", []string{"lint", "--strict", clean}, exitUsage, "", "unknown flag: --strict"},
		{"type express accepted in lower case", []string{"lint", "--type", "express", clean}, exitOK, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := sfnsim(t, "", tc.args...)
			if code != tc.want {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, out, errOut)
			}
			if tc.stdout == "" && out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			if !strings.Contains(out, tc.stdout) {
				t.Errorf("stdout = %q, want %q in it", out, tc.stdout)
			}
			if tc.stderrPart == "" && errOut != "" {
				t.Errorf("stderr = %q, want nothing", errOut)
			}
			if !strings.Contains(errOut, tc.stderrPart) {
				t.Errorf("stderr = %q, want %q in it", errOut, tc.stderrPart)
			}
		})
	}
}

// TestLintSkipsFilesWithoutStateMachine: pre-commit passes every JSON and
// YAML file of a repository; those without a state machine are skipped
// silently (conventions §4).
func TestLintSkipsFilesWithoutStateMachine(t *testing.T) {
	for _, format := range []string{"text", "github"} {
		code, out, errOut := sfnsim(t, "", "lint", "--fail-on", "info", "--format", format,
			"testdata/package.json", "testdata/config.yaml", clean)
		if code != exitOK || out != "" || errOut != "" {
			t.Errorf("--format %s: exit status %d, stdout %q, stderr %q; want 0 and no output", format, code, out, errOut)
		}
	}
}

// TestLintFailOn checks the exit status against every threshold, for every
// rule's Bad example (real findings of every severity): 1 exactly when a
// finding is at or above --fail-on.
func TestLintFailOn(t *testing.T) {
	dir := t.TempDir()
	for _, r := range lint.Rules() {
		if r.Bad == "" {
			continue
		}
		path := filepath.Join(dir, strings.ToLower(r.ID)+".asl.json")
		if err := os.WriteFile(path, []byte(r.Bad), 0o644); err != nil {
			t.Fatal(err)
		}
		opts := lint.Options{MachineType: r.ExampleType}
		ds, err := lint.Text(path, []byte(r.Bad), opts)
		highest := lint.Severity(0)
		for _, d := range ds {
			highest = max(highest, d.Severity)
		}
		for _, threshold := range []lint.Severity{lint.Error, lint.Warning, lint.Info} {
			want := exitOK
			switch {
			case err != nil:
				want = exitUsage
			case len(ds) > 0 && highest >= threshold:
				want = exitFindings
			}
			args := []string{"lint", "--fail-on", threshold.String(), path}
			if r.ExampleType != "" {
				args = append(args, "--type", r.ExampleType)
			}
			if code, out, errOut := sfnsim(t, "", args...); code != want {
				t.Errorf("%s, --fail-on %s: exit status %d, want %d\nstdout: %s\nstderr: %s", r.ID, threshold, code, want, out, errOut)
			}
		}
	}
}

func TestLintStdin(t *testing.T) {
	src, err := os.ReadFile(withError)
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := sfnsim(t, string(src), "lint", "-")
	if code != exitFindings || !strings.HasPrefix(out, "<stdin>:2:14: ") {
		t.Errorf("exit status %d, stdout %q; want 1 and a finding in <stdin>", code, out)
	}
}

// TestLintDefaultsToCurrentDirectory: with no path, sfnsim lint lints ".".
func TestLintDefaultsToCurrentDirectory(t *testing.T) {
	src, err := os.ReadFile(withError)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "infra"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "infra", "sm.asl.json"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	code, out, _ := sfnsim(t, "", "lint")
	if code != exitFindings || !strings.HasPrefix(out, "infra/sm.asl.json:2:14: ") {
		t.Errorf("exit status %d, stdout %q; want 1 and a finding in infra/sm.asl.json", code, out)
	}
}

func TestLintJSON(t *testing.T) {
	code, out, _ := sfnsim(t, "", "lint", "--format", "json", withError, clean, "testdata/package.json")
	if code != exitFindings {
		t.Errorf("exit status %d, want %d", code, exitFindings)
	}
	var doc struct {
		Version string
		Tool    struct{ Name, Version string }
		// Field names as the issue lists them.
		Diagnostics []struct {
			File                             string
			Line, Column, EndLine, EndColumn int
			Pointer, Rule, Severity, Message string
			AWSCode                          string `json:"awsCode"`
		}
		Summary struct{ Error, Warning, Info, Files, Definitions int }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.Version != "1" || doc.Tool.Name != "sfnsim" || doc.Tool.Version == "" {
		t.Errorf("version %q, tool %+v", doc.Version, doc.Tool)
	}
	if len(doc.Diagnostics) != 1 {
		t.Fatalf("%d diagnostics, want 1:\n%s", len(doc.Diagnostics), out)
	}
	d := doc.Diagnostics[0]
	if d.File != withError || d.Line != 2 || d.Column != 14 || d.EndLine != 2 || d.EndColumn != 21 ||
		d.Pointer != "/StartAt" || d.Rule != "ASL010" || d.Severity != "error" || d.Message == "" {
		t.Errorf("diagnostic = %+v", d)
	}
	if s := doc.Summary; s.Error != 1 || s.Warning != 0 || s.Info != 0 || s.Files != 3 || s.Definitions != 2 {
		t.Errorf("summary = %+v", s)
	}
}

func TestLintJSONClean(t *testing.T) {
	code, out, _ := sfnsim(t, "", "lint", "--format", "json", clean)
	if code != exitOK || !strings.Contains(out, `"diagnostics": []`) {
		t.Errorf("exit status %d, stdout %s; want 0 and an empty diagnostics array", code, out)
	}
}

func TestLintSARIF(t *testing.T) {
	code, out, _ := sfnsim(t, "", "lint", "--format", "sarif", withError)
	if code != exitFindings {
		t.Errorf("exit status %d, want %d", code, exitFindings)
	}
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
		t.Fatalf("unexpected SARIF:\n%s", out)
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(lint.Rules()) {
		t.Errorf("%d rules in the driver, want the whole catalogue (%d)", len(run.Tool.Driver.Rules), len(lint.Rules()))
	}
	res := run.Results[0]
	if run.Tool.Driver.Rules[res.RuleIndex].ID != "ASL010" || res.RuleID != "ASL010" {
		t.Errorf("result %+v does not point at ASL010", res)
	}
	loc := res.Locations[0].PhysicalLocation
	// The repository root is the top of the Git work tree: the module
	// root, two levels up from this package.
	if uri := loc.ArtifactLocation.URI; uri != "cmd/sfnsim/"+withError && uri != withError {
		t.Errorf("uri = %q, want a repository-relative path", uri)
	}
	if r := loc.Region; r.StartLine != 2 || r.StartColumn != 14 || r.EndLine != 2 || r.EndColumn != 21 {
		t.Errorf("region = %+v", r)
	}
}

func TestLintSARIFClean(t *testing.T) {
	code, out, _ := sfnsim(t, "", "lint", "--format", "sarif", clean)
	if code != exitOK || !strings.Contains(out, `"results": []`) {
		t.Errorf("exit status %d; want 0 and an empty results array in:\n%s", code, out)
	}
}

func TestLintGitHub(t *testing.T) {
	summary := filepath.Join(t.TempDir(), "step-summary.md")
	if err := os.WriteFile(summary, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	code, out, errOut := sfnsim(t, "", "lint", "--format", "github", withError)
	if code != exitFindings {
		t.Errorf("exit status %d, want %d (stderr %s)", code, exitFindings, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("want the text line and the annotation, got:\n%s", out)
	}
	if !strings.HasPrefix(lines[0], withError+":2:14: ") {
		t.Errorf("text report line = %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "::error file=") ||
		!strings.Contains(lines[1], "start-at-missing.asl.json,line=2,col=14,endLine=2,endColumn=21,title=ASL010::") {
		t.Errorf("annotation = %q", lines[1])
	}
	md, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(md), "earlier step\n### sfnsim lint") || !strings.Contains(string(md), "| ASL010 |") {
		t.Errorf("step summary not appended:\n%s", md)
	}
}

func TestLintGitHubWithoutStepSummary(t *testing.T) {
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	code, out, errOut := sfnsim(t, "", "lint", "--format", "github", withError)
	if code != exitFindings || !strings.Contains(out, "::error ") || errOut != "" {
		t.Errorf("exit status %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestLintColor(t *testing.T) {
	for _, tc := range []struct {
		flags []string
		color bool
	}{
		{nil, false},
		{[]string{"--color"}, true},
		{[]string{"--color=always"}, true},
		{[]string{"--color=never"}, false},
		{[]string{"--color=auto"}, false}, // not a terminal
	} {
		args := append(append([]string{"lint"}, tc.flags...), withError)
		code, out, errOut := sfnsim(t, "", args...)
		if code != exitFindings {
			t.Errorf("%v: exit status %d (stderr %s)", tc.flags, code, errOut)
		}
		if got := strings.Contains(out, "\x1b["); got != tc.color {
			t.Errorf("%v: colour %v, want %v: %q", tc.flags, got, tc.color, out)
		}
	}
}

func TestLintHelpDocumentsExitCodes(t *testing.T) {
	code, out, _ := sfnsim(t, "", "lint", "--help")
	if code != exitOK {
		t.Errorf("exit status %d", code)
	}
	for _, want := range []string{"Exit codes:", "0  no findings", "1  findings", "2  usage error", "--fail-on", "--format", "--type", "--lambda-concurrency", "--color", `"."`} {
		if !strings.Contains(out, want) {
			t.Errorf("lint --help lacks %q", want)
		}
	}
}
