package load

import (
	"testing"

	"github.com/sfnsim/sfnsim/asl"
)

// TestUnquotedPlaceholders: a definition file written for SAM's
// DefinitionSubstitutions may hold ${Name} where a number belongs. On its
// own the placeholder is an opaque string; through the template it is the
// substituted value, of the value's JSON type. Positions stay in the file.
func TestUnquotedPlaceholders(t *testing.T) {
	def := "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Wait\",\n  \"Seconds\": ${Delay}, \"Next\": \"D\"}, \"D\": {\"Type\": \"Succeed\"}}}"
	defs, err := File("sm.asl.json", []byte(def))
	if err != nil || len(defs) != 1 {
		t.Fatalf("File: %v, %d definitions", err, len(defs))
	}
	secs := defs[0].Root.Lookup("/States/W/Seconds")
	if secs == nil || secs.Kind != asl.String || secs.Str != "${Delay}" {
		t.Fatalf("Seconds = %+v, want the opaque string ${Delay}", secs)
	}
	if r, exact := defs[0].Locate(secs.Range); !exact || r.Start.String() != "2:14" {
		t.Errorf("Seconds at %s (exact %v), want 2:14", r.Start, exact)
	}

	referenced := Definition{Resource: "M"}
	got, err := loadReferenced("sm.asl.json", []byte(def), referenced, map[string]string{"Delay": "30"})
	if err != nil {
		t.Fatal(err)
	}
	secs = got.Root.Lookup("/States/W/Seconds")
	if secs == nil || secs.Kind != asl.Number || secs.Str != "30" {
		t.Fatalf("Seconds through the template = %+v, want the number 30", secs)
	}
	next := got.Root.Lookup("/States/W/Next")
	if r, _ := got.Locate(next.Range); r.Start.String() != "2:32" {
		t.Errorf("Next at %s, want 2:32", r.Start)
	}
}
