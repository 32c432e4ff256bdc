package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sharedDir locates the project's shared test data: $SFNSIM_SHARED, else ../shared next to the module
// root. Without it the tests skip, except in CI (CI=true), where missing data is a failure.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("SFNSIM_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared")
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared test data not found at %s (set SFNSIM_SHARED): %v", dir, err)
		}
		tb.Skipf("shared test data not found at %s; set SFNSIM_SHARED to run this test", dir)
	}
	return dir
}

func decodeFile(tb testing.TB, path string) any {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return v
}

func corpusFiles(tb testing.TB, label string) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(sharedDir(tb), "corpus", "lint", label, "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Fatalf("no corpus files in corpus/lint/%s", label)
	}
	return files
}

// notValidOnAWS lists files the corpus labels valid that AWS rejects, with the violations the schema
// reports for them (pointer and keyword). The source projects' labels are their opinion; these
// follow AWS's documented or observed behaviour.
var notValidOnAWS = map[string]struct {
	reason string
	want   []string // "pointer keyword"
}{
	"aslvalidator__valid-task-credentials.json": {
		reason: `Credentials without RoleArn: AWS answers "The field 'RoleArn' is required but was missing at ` +
			`/States/S/Credentials" (asl-semantics.md section 11, OBS)`,
		want: []string{"/States/X/Credentials required"},
	},
	"statelint__task-with-credentials.json": {
		reason: `Credentials with "roleArn": field names are case-sensitive and AWS requires "RoleArn" ` +
			`(asl-semantics.md section 11, OBS)`,
		want: []string{"/States/p/Credentials required"},
	},
	"aslvalidator__valid-task-intrisic-function.json": {
		reason: "Resource is a CloudFormation intrinsic object (Fn::GetAtt, Ref); ASL requires a constant string " +
			"(asl-semantics.md section 2). It is only valid inside a template, where lint's template extraction " +
			"replaces intrinsics with ${...} placeholders before validating",
		want: []string{"/States/GetAttResource/Resource type", "/States/RefResource/Resource type"},
	},
}

func TestCorpusValid(t *testing.T) {
	seen := 0
	for _, path := range corpusFiles(t, "valid") {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			got := Validate(decodeFile(t, path))
			exception, listed := notValidOnAWS[name]
			if !listed {
				if len(got) != 0 {
					t.Errorf("want no violations, got:\n%s", list(got))
				}
				return
			}
			seen++
			var brief []string
			for _, v := range got {
				brief = append(brief, v.Pointer+" "+v.Keyword)
			}
			if !slices.Equal(brief, exception.want) {
				t.Errorf("listed as not valid on AWS (%s)\ngot:\n%s\nwant: %q", exception.reason, list(got), exception.want)
			}
		})
	}
	if seen != len(notValidOnAWS) {
		t.Errorf("notValidOnAWS lists %d files, %d of them are in the corpus", len(notValidOnAWS), seen)
	}
}

// TestConformanceDefinitions validates every definition that ran on AWS.
func TestConformanceDefinitions(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sharedDir(t), "conformance", "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range files {
		if filepath.Base(path) == "index.json" {
			continue
		}
		n++
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var c struct {
			Definition any `json:"definition"`
		}
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if c.Definition == nil {
			t.Errorf("%s: no definition", path)
			continue
		}
		if got := Validate(c.Definition); len(got) != 0 {
			rel := strings.TrimPrefix(path, sharedDir(t)+string(filepath.Separator))
			t.Errorf("%s ran on AWS but has violations:\n%s", rel, list(got))
		}
	}
	if n == 0 {
		t.Fatal("no conformance cases found")
	}
}

// BenchmarkValidate validates every valid corpus file once per iteration; ns/file is the figure to
// watch.
func BenchmarkValidate(b *testing.B) {
	var docs []any
	for _, path := range corpusFiles(b, "valid") {
		docs = append(docs, decodeFile(b, path))
	}
	Validate(docs[0]) // compile outside the measurement
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			Validate(d)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/file")
}
