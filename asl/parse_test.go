package asl

import (
	"errors"
	"testing"
)

func TestParseJSONPositions(t *testing.T) {
	src := "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"é\"}\n  }\n}\n"
	doc, err := ParseJSON("sm.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pointer    string
		start, end string
		kind       Kind
	}{
		{"", "1:1", "6:2", Object},
		{"/StartAt", "2:14", "2:17", String},
		{"/States/A", "4:10", "4:39", Object},
		{"/States/A/Type", "4:19", "4:25", String},
		{"/States/A/Next", "4:35", "4:38", String},
	}
	for _, tt := range tests {
		n := doc.Root.Lookup(tt.pointer)
		if n == nil {
			t.Fatalf("%s: not found", tt.pointer)
		}
		if got := n.Range.Start.String(); got != tt.start {
			t.Errorf("%s: start %s, want %s", tt.pointer, got, tt.start)
		}
		if got := n.Range.End.String(); got != tt.end {
			t.Errorf("%s: end %s, want %s", tt.pointer, got, tt.end)
		}
		if n.Kind != tt.kind {
			t.Errorf("%s: kind %v, want %v", tt.pointer, n.Kind, tt.kind)
		}
		if got := n.Pointer(); got != tt.pointer {
			t.Errorf("Pointer() = %q, want %q", got, tt.pointer)
		}
	}
	if m := doc.Root.Lookup("/States").Member("A"); m.KeyRange.Start.String() != "4:5" {
		t.Errorf("key A at %s, want 4:5", m.KeyRange.Start)
	}
}

func TestParseJSONValues(t *testing.T) {
	doc, err := ParseJSON("v.json", []byte(`{"s": "a\"b\\c\u00e9\ud83d\ude00", "n": -1.5e3, "i": 10, "t": true, "f": false, "z": null, "a": [1, [2], {}], "k/~x": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Root
	if got := r.GetString("s"); got != "a\"b\\cé😀" {
		t.Errorf("s = %q", got)
	}
	if n := r.Get("n"); n.Kind != Number || n.Str != "-1.5e3" {
		t.Errorf("n = %+v", n)
	}
	if i, ok := r.Get("i").Int(); !ok || i != 10 {
		t.Errorf("i = %d %v", i, ok)
	}
	if !r.Get("t").IsTrue() || r.Get("f").IsTrue() || r.Get("z").Kind != Null {
		t.Error("literals")
	}
	if n := r.Lookup("/a/1/0"); n == nil || n.Str != "2" || n.Pointer() != "/a/1/0" {
		t.Errorf("/a/1/0 = %+v", n)
	}
	if n := r.Get("k/~x"); n == nil || n.Pointer() != "/k~1~0x" || r.Lookup("/k~1~0x") != n {
		t.Errorf("escaped pointer: %+v", n)
	}
}

func TestParseJSONDuplicates(t *testing.T) {
	doc, err := ParseJSON("d.json", []byte("{\"a\": 1,\n \"a\": 2}"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Duplicates) != 1 {
		t.Fatalf("duplicates = %+v", doc.Duplicates)
	}
	d := doc.Duplicates[0]
	if d.Key != "a" || d.First.Start.String() != "1:2" || d.Second.Start.String() != "2:2" {
		t.Errorf("duplicate = %+v", d)
	}
	if doc.Root.Get("a").Str != "2" {
		t.Error("the last value is kept")
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		src, pos, msg string
	}{
		{``, "1:1", `empty document; a state machine is a JSON object with "StartAt" and "States"`},
		{`{"a": 1,}`, "1:9", `trailing comma before '}'; remove the comma`},
		{`[1, ]`, "1:5", `trailing comma before ']'; remove the comma`},
		{"{\n  \"a\": 1", "1:1", `object is not closed; add '}'`},
		{`{"a" 1}`, "1:6", `unexpected '1' after key "a"; expected ':'`},
		{`{"a": 1 "b": 2}`, "1:9", `unexpected '"' after the value of "a"; expected ',' or '}'`},
		{`{'a': 1}`, "1:2", `keys must be in double quotes in JSON, not single quotes`},
		{`{"a": tru}`, "1:7", `unknown literal "tru"; expected a value (strings need double quotes)`},
		{`{"a": 01}`, "1:7", `numbers may not have leading zeros in JSON`},
		{`{"a": "x` + "\n" + `"}`, "1:7", `string is not closed before the end of the line; add the closing '"' (or write a line break as \n)`},
		{`{"a": "\x"}`, "1:8", `invalid escape "\\x" in string; write a backslash as \\`},
		{`{} {}`, "1:4", `unexpected '{' after the end of the document; remove it or wrap both values in an array`},
		{`// c` + "\n{}", "1:1", `comments are not allowed in JSON; use the "Comment" field of a state instead`},
		{`{"a": 1.}`, "1:9", `expected a digit after the decimal point`},
	}
	for _, tt := range tests {
		_, err := ParseJSON("e.json", []byte(tt.src))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: err = %v, want a SyntaxError", tt.src, err)
			continue
		}
		if se.Pos.String() != tt.pos || se.Msg != tt.msg {
			t.Errorf("%q: got %s %q, want %s %q", tt.src, se.Pos, se.Msg, tt.pos, tt.msg)
		}
	}
}

func TestParseJSONDepthLimit(t *testing.T) {
	deep := make([]byte, 0, 4000)
	for range 2000 {
		deep = append(deep, '[')
	}
	if _, err := ParseJSON("deep.json", deep); err == nil {
		t.Fatal("want an error for nesting beyond the limit")
	}
}

func TestParseYAML(t *testing.T) {
	src := `StartAt: A
States:
  A:
    Type: Task
    Resource: "arn:aws:lambda:us-east-1:1:function:f"
    TimeoutSeconds: 30
    Next: B
  B: {Type: Succeed}
  A: {Type: Pass, End: true}
`
	doc, err := ParseYAML("sm.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Root
	if n := r.Lookup("/States/B"); n == nil || n.Range.Start.String() != "8:6" || n.Range.End.String() != "8:21" {
		t.Errorf("/States/B = %+v", n)
	}
	res := r.Lookup("/States/A/Resource")
	if res == nil {
		// The repeated A wins; look at the first one through Members.
		res = r.Get("States").Members[0].Value.Get("Resource")
	}
	if res.Range.Start.String() != "5:15" || res.Range.End.String() != "5:54" {
		t.Errorf("Resource range %s-%s", res.Range.Start, res.Range.End)
	}
	ts := r.Get("States").Members[0].Value.Get("TimeoutSeconds")
	if ts.Kind != Number || ts.Str != "30" {
		t.Errorf("TimeoutSeconds = %+v", ts)
	}
	if len(doc.Duplicates) != 1 || doc.Duplicates[0].Key != "A" {
		t.Errorf("duplicates = %+v", doc.Duplicates)
	}
	if _, err := ParseYAML("bad.yaml", []byte("a: [1, 2\nb: 3\n")); err == nil {
		t.Error("want a syntax error")
	}
}

func TestMachineScopes(t *testing.T) {
	src := `{"StartAt": "P", "QueryLanguage": "JSONata", "States": {
	  "P": {"Type": "Parallel", "Branches": [{"StartAt": "B1", "States": {"B1": {"Type": "Succeed"}}}], "Next": "M"},
	  "M": {"Type": "Map", "QueryLanguage": "JSONPath", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
	        "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}}}, "End": true}}}`
	doc, err := ParseJSON("m.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m := NewMachine(doc.Root)
	if len(m.Scopes) != 3 || len(m.States) != 4 {
		t.Fatalf("scopes %d states %d", len(m.Scopes), len(m.States))
	}
	mp := m.Top.Lookup("M")
	if !mp.IsDistributed() || mp.QueryLanguage != JSONPath || m.Top.Lookup("P").QueryLanguage != JSONata {
		t.Error("map mode or query language")
	}
	proc := mp.Children[0]
	if proc.Kind != ProcessorScope || proc.ExecutionType(Standard) != Express || m.Top.ExecutionType("") != Standard {
		t.Error("processor execution type")
	}
	if got := proc.Lookup("T").Node.Pointer(); got != "/States/M/ItemProcessor/States/T" {
		t.Errorf("pointer %s", got)
	}
}
