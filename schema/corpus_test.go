package schema

import (
	"slices"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

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
	for _, def := range sharedtest.Corpus(t, "valid") {
		t.Run(def.Base(), func(t *testing.T) {
			got := Validate(def.Decode(t))
			exception, listed := notValidOnAWS[def.Base()]
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
	for _, def := range sharedtest.Conformance(t) {
		if got := Validate(def.Decode(t)); len(got) != 0 {
			t.Errorf("%s ran on AWS but has violations:\n%s", def.Name, list(got))
		}
	}
}

// BenchmarkValidate validates every valid corpus file once per iteration; ns/file is the figure to
// watch.
func BenchmarkValidate(b *testing.B) {
	var docs []any
	for _, def := range sharedtest.Corpus(b, "valid") {
		docs = append(docs, def.Decode(b))
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
