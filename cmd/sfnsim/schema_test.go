package main

import (
	"encoding/json"
	"testing"

	"github.com/sfnsim/sfnsim/schema"
)

func TestSchema(t *testing.T) {
	code, out, _ := sfnsim(t, "", "schema")
	if code != exitOK {
		t.Errorf("exit status %d", code)
	}
	if out != string(schema.Source) {
		t.Errorf("sfnsim schema does not print the embedded schema")
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	if _, ok := doc["$schema"]; !ok {
		t.Errorf("schema has no $schema")
	}
	if code, _, _ := sfnsim(t, "", "schema", "extra"); code != exitUsage {
		t.Errorf("schema extra: exit status %d, want %d", code, exitUsage)
	}
}
