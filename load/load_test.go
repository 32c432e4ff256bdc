package load

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
)

// want describes one extracted definition: its content (as JSON), what the
// container says about it, and where some of its values are in the file.
type want struct {
	path        string // "" = the file itself
	resource    string
	machineType string
	json        string
	// at maps a pointer into the definition to the expected place of its
	// value in the file, "line:col-line:col"; a leading "~" expects an
	// approximate place.
	at map[string]string
	// keyAt is the same for the key of the member a pointer names.
	keyAt map[string]string
}

type loadCase struct {
	name string
	path string
	text string
	want []want
	// err is a substring of the expected error, with its place.
	err string
}

// runLoadCases loads each case's text and compares what comes out.
func runLoadCases(t *testing.T, cases []loadCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defs, err := File(tc.path, []byte(tc.text))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.err)
				}
				var se *asl.SyntaxError
				if !errors.As(err, &se) {
					t.Errorf("error %v is not an *asl.SyntaxError", err)
				}
			} else if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(defs) != len(tc.want) {
				t.Fatalf("got %d definitions, want %d", len(defs), len(tc.want))
			}
			for i, w := range tc.want {
				checkDefinition(t, defs[i], tc.path, w)
			}
		})
	}
}

func checkDefinition(t *testing.T, d *Definition, file string, w want) {
	t.Helper()
	path := file
	if w.path != "" {
		path = w.path
	}
	if d.Path != path || d.Resource != w.resource || d.MachineType != w.machineType {
		t.Errorf("definition = {Path %q, Resource %q, MachineType %q}, want {%q, %q, %q}",
			d.Path, d.Resource, d.MachineType, path, w.resource, w.machineType)
	}
	var wantV any
	dec := json.NewDecoder(strings.NewReader(w.json))
	dec.UseNumber()
	if err := dec.Decode(&wantV); err != nil {
		t.Fatalf("bad want JSON: %v", err)
	}
	if got := d.Root.Interface(); !reflect.DeepEqual(got, wantV) {
		g, _ := json.Marshal(got)
		t.Errorf("content:\n got %s\nwant %s", g, w.json)
	}
	for ptr, at := range w.at {
		n := d.Root.Lookup(ptr)
		if n == nil {
			t.Errorf("no value at %s", ptr)
			continue
		}
		if n.Pointer() != ptr {
			t.Errorf("Pointer() = %q, want %q", n.Pointer(), ptr)
		}
		r, exact := d.Locate(n.Range)
		got := fmt.Sprintf("%s-%s", r.Start, r.End)
		if !exact {
			got = "~" + got
		}
		if got != at {
			t.Errorf("%s is at %s, want %s", ptr, got, at)
		}
	}
	for ptr, at := range w.keyAt {
		n := d.Root.Lookup(ptr)
		if n == nil || n.Parent == nil || n.Parent.Member(n.Key()) == nil {
			t.Errorf("no member at %s", ptr)
			continue
		}
		r, exact := d.Locate(n.Parent.Member(n.Key()).KeyRange)
		got := fmt.Sprintf("%s-%s", r.Start, r.End)
		if !exact {
			got = "~" + got
		}
		if got != at {
			t.Errorf("key of %s is at %s, want %s", ptr, got, at)
		}
	}
}

// TestNoStateMachine: files without a state machine yield nothing and no
// error, whatever their kind.
func TestNoStateMachine(t *testing.T) {
	files := map[string]string{
		"template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
		"template.json": `{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "x"}}}}`,
		"main.tf":       "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
		"empty.tf":      "",
		"broken.tf":     "resource \"aws_s3_bucket\" {{{\n",
		"package.json":  `{"name": "x", "version": "1.0.0"}`,
		"config.yaml":   "a: 1\nb: [1, 2]\n",
		"s3.yaml":       "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionS3Location: {Bucket: b, Key: k}\n",
		"ref.yaml":      "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Ref Def\n",
		"var.tf":        "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = var.definition\n}\n",
		"local.tf":      "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = jsonencode(local.def)\n}\n",
		"data.tf":       "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = data.template_file.sm.rendered\n}\n",
		// Data that happens to have a States or StartAt key.
		"us.json":    `{"Country":"US","States":{"CA":"California","NY":"New York"}}`,
		"geo.json":   `{"States": ["CA","NY"], "Country": "US"}`,
		"sched.json": `{"StartAt": "2024-01-01", "EndAt": "2024-02-01"}`,
		"cron.yaml":  "name: job\nStartAt: \"08:00\"\nretries: 3\n",
	}
	for name, text := range files {
		t.Run(name, func(t *testing.T) {
			defs, err := File(name, []byte(text))
			if err != nil || len(defs) != 0 {
				t.Errorf("File = %d definitions, %v; want none and no error", len(defs), err)
			}
		})
	}
}

// withFiles makes readReferenced serve files from a map for one test.
func withFiles(t *testing.T, files map[string]string) {
	t.Helper()
	old := readReferenced
	readReferenced = func(p string) ([]byte, error) {
		if s, ok := files[filepath.ToSlash(p)]; ok {
			return []byte(s), nil
		}
		return nil, &os.PathError{Op: "open", Path: p, Err: os.ErrNotExist}
	}
	t.Cleanup(func() { readReferenced = old })
}

// TestFileSkipsForeignBrokenFiles: pre-commit passes every JSON, YAML and
// Terraform file; one that does not parse is reported only when it could be
// meant as a state machine.
func TestFileSkipsForeignBrokenFiles(t *testing.T) {
	tests := []struct {
		path, text string
		wantErr    bool
	}{
		{"tsconfig.json", "{\n  // comments are fine in tsconfig\n  \"compilerOptions\": {}\n}\n", false},
		{"empty.json", "", false},
		{"chart/templates/deploy.yaml", "metadata:\n  name: {{ .Release.Name }}\n  labels: {{- include \"x\" . | nindent 4 }}\n", false},
		{"main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n", false},
		{"sm.asl.json", "{\"Comment\": }", true},
		{"machine.json", "{\"StartAt\": \"A\", \"States\": {,}}", true},
		{"template.yaml", "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties: [\n", true},
	}
	for _, tt := range tests {
		defs, err := File(tt.path, []byte(tt.text))
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, want error %v", tt.path, err, tt.wantErr)
		}
		if len(defs) != 0 {
			t.Errorf("%s: %d definitions, want none", tt.path, len(defs))
		}
	}
}

// What makes a plain file a state machine: a string StartAt beside States,
// a States object with a state in it, or a name that says ASL.
func TestLooksLikeASL(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"sm.json", `{"StartAt":"A","States":{}}`, true},
		{"sm.json", `{"States":{"A":{"Type":"Pass","End":true}}}`, true},
		{"sm.json", `{"StartAt":"A","States":[]}`, true},
		{"sm.json", `{"StartAt":"A"}`, false},
		{"sm.asl.json", `{"StartAt":"A"}`, true},
		{"sm.asl.json", `{"States":{"CA":"California"}}`, true},
		{"sm.yaml", "States:\n  A: {Type: Succeed}\n", true},
	}
	for _, tt := range tests {
		defs, err := File(tt.name, []byte(tt.text))
		if err != nil || (len(defs) == 1) != tt.want {
			t.Errorf("File(%s, %s) = %d definitions, %v; want a state machine: %v", tt.name, tt.text, len(defs), err, tt.want)
		}
	}
}

// Standard input has no name to tell its kind by: a Terraform
// configuration that declares a state machine is read as Terraform.
func TestSniffTerraform(t *testing.T) {
	text := "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = jsonencode({StartAt = \"A\", States = {A = {Type = \"Succeed\"}}})\n}\n"
	defs, err := File("-", []byte(text))
	if err != nil || len(defs) != 1 || defs[0].Resource != "aws_sfn_state_machine.m" {
		t.Errorf("File(-) = %d definitions, %v", len(defs), err)
	}
}
