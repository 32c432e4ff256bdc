package choice

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
)

// node parses JSON text into an *asl.Node.
func node(tb testing.TB, text string) *asl.Node {
	tb.Helper()
	doc, err := asl.ParseJSON("rule.json", []byte(text))
	if err != nil {
		tb.Fatalf("%s: %v", text, err)
	}
	return doc.Root
}

// value decodes JSON text as the engine does (UseNumber).
func value(tb testing.TB, text string) any {
	tb.Helper()
	v, err := decode([]byte(text))
	if err != nil {
		tb.Fatalf("%s: %v", text, err)
	}
	return v
}

func decode(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func mustCompile(tb testing.TB, text string) *Rule {
	tb.Helper()
	r, err := Compile(node(tb, text))
	if err != nil {
		tb.Fatalf("%s: %v", text, err)
	}
	return r
}

// varsOf serves variables from a map.
func varsOf(m map[string]any) Vars {
	return func(name string) (any, bool) {
		v, ok := m[name]
		return v, ok
	}
}
