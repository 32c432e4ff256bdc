package asl

import (
	"encoding/json"
	"testing"
)

// FuzzParseJSON: the parser never panics, and what it accepts
// encoding/json accepts too, with the same value.
func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}`))
	f.Add([]byte(`{"a": [1, 2.5e-3, true, null, "\u00e9\ud83d\ude00"], "a": {}}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ParseJSON("f.json", data)
		if err != nil {
			return
		}
		var want any
		dec := json.NewDecoder(bytesReader(data))
		dec.UseNumber()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("accepted input encoding/json rejects: %v", err)
		}
		got, _ := json.Marshal(doc.Root.Interface())
		exp, _ := json.Marshal(want)
		if string(got) != string(exp) {
			t.Fatalf("value differs:\n got %s\nwant %s", got, exp)
		}
		doc.Root.Walk(func(n *Node) bool {
			if n.Range.Start.Offset > n.Range.End.Offset || n.Range.End.Offset > len(data) {
				t.Fatalf("bad range %+v at %s", n.Range, n.Pointer())
			}
			if len(doc.Duplicates) == 0 && doc.Root.Lookup(n.Pointer()) != n {
				t.Fatalf("pointer %q does not resolve", n.Pointer())
			}
			return true
		})
	})
}

// FuzzParseYAML: the YAML path never panics and keeps ranges in bounds.
func FuzzParseYAML(f *testing.F) {
	f.Add([]byte("StartAt: A\nStates:\n  A: {Type: Succeed}\n"))
	f.Add([]byte("a: &x [1, *x]\nb: |\n  text\n"))
	f.Add([]byte("- !Sub '${A}'\n- \"q\\\"\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ParseYAML("f.yaml", data)
		if err != nil {
			return
		}
		doc.Root.Walk(func(n *Node) bool {
			if n.Range.Start.Offset > len(data) || n.Range.End.Offset > len(data) {
				t.Fatalf("range out of bounds %+v", n.Range)
			}
			return true
		})
	})
}
