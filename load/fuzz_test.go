package load

import (
	"testing"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/asl"
)

// FuzzFile: no input makes the loader panic, and every place it gives is
// inside the file it names. Referenced files (DefinitionUri, file() …) are
// served from the input itself, so the fuzzer never reads the disk.
//
//	go test ./load -run '^$' -fuzz FuzzFile -fuzztime 2m
func FuzzFile(f *testing.F) {
	f.Add("sm.asl.json", []byte(`{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}`))
	f.Add("template.yaml", []byte("Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub |\n        {\"StartAt\": \"${A}\", \"States\": {}}\n"))
	f.Add("main.tf", []byte("resource \"aws_sfn_state_machine\" \"m\" {\n  definition = jsonencode({ StartAt = \"A\", States = {} })\n}\n"))
	old := readReferenced
	f.Cleanup(func() { readReferenced = old })
	f.Fuzz(func(t *testing.T, path string, text []byte) {
		readReferenced = func(string) ([]byte, error) { return text, nil }
		defs, _ := File(path, text)
		for _, d := range defs {
			if d.Root == nil || d.Doc == nil {
				t.Fatalf("definition without a root: %+v", d)
			}
			d.Root.Walk(func(n *asl.Node) bool {
				_ = n.Pointer()
				checkRange(t, d, n.Range, text)
				if n.Kind == asl.Object {
					for _, m := range n.Members {
						checkRange(t, d, m.KeyRange, text)
					}
				}
				return true
			})
			_ = d.Duplicates()
		}
	})
}

func checkRange(t *testing.T, d *Definition, r asl.Range, text []byte) {
	t.Helper()
	loc, _ := d.Locate(r)
	if loc.Start.Offset < 0 || loc.Start.Offset > loc.End.Offset || loc.End.Offset > len(text) {
		t.Fatalf("range %v of %s maps to %d..%d, outside the file (%d bytes)", r, d.Resource, loc.Start.Offset, loc.End.Offset, len(text))
	}
	if loc.Start.Line < 1 || loc.Start.Col < 1 || (utf8.Valid(text) && loc.End.Line < loc.Start.Line) {
		t.Fatalf("range %v of %s maps to %v-%v", r, d.Resource, loc.Start, loc.End)
	}
}
