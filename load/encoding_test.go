package load

import (
	"errors"
	"testing"
	"unicode/utf16"

	"github.com/sfnsim/sfnsim/asl"
)

func utf16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// TestFileUTF16: a state machine saved as UTF-16 (PowerShell's Out-File
// does that) is an error that says to save it as UTF-8. It used to be
// skipped as "not a state machine", and the lint passed.
func TestFileUTF16(t *testing.T) {
	sm := `{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}`
	for _, tt := range []struct {
		name, path string
		text       []byte
	}{
		{"json with a byte-order mark", "sm.json", utf16LE(sm, true)},
		{"json without", "sm.json", utf16LE(sm, false)},
		{"yaml", "sm.yaml", utf16LE("StartAt: A\nStates: {A: {Type: Succeed}}\n", true)},
		{"standard input", "-", utf16LE(sm, true)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defs, err := File(tt.path, tt.text)
			var se *asl.SyntaxError
			if !errors.As(err, &se) || len(defs) != 0 {
				t.Fatalf("File = %d definitions, %v; want a syntax error", len(defs), err)
			}
			if want := "the file is UTF-16 or UTF-32 text; save it as UTF-8, the encoding JSON, YAML and Step Functions use"; se.Msg != want || se.Pos.String() != "1:1" {
				t.Errorf("error %s %q, want 1:1 %q", se.Pos, se.Msg, want)
			}
		})
	}
	// Other UTF-16 files are still not ours to judge.
	if defs, err := File("tsconfig.json", utf16LE(`{"compilerOptions": {}}`, true)); err != nil || defs != nil {
		t.Errorf("a UTF-16 file without a state machine: %v, %v; want it skipped", defs, err)
	}
}

// TestFileBrokenTerraform: a .tf file that does not parse is reported when
// it declares a state machine of either provider, and skipped otherwise.
func TestFileBrokenTerraform(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		wantErr    bool
	}{
		{"aws", "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = \n}\n", true},
		{"awscc", "resource \"awscc_stepfunctions_state_machine\" \"m\" {\n  definition_string = \n}\n", true},
		{"other", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := File("main.tf", []byte(tt.text))
			if (err != nil) != tt.wantErr {
				t.Errorf("error = %v, want an error: %v", err, tt.wantErr)
			}
		})
	}
}
