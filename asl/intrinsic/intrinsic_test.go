package intrinsic

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl/path"
)

func TestIsCall(t *testing.T) {
	tests := map[string]bool{
		"States.Format('a')":  true,
		"States.UUID()":       true,
		"States.Fromat(1)":    true,
		"States.x(":           true,
		"States.Format":       false,
		"States.(":            false,
		"States.Format ('a')": false,
		" States.UUID()":      false,
		"$.States.UUID()":     false,
		"states.UUID()":       false,
		"$.a":                 false,
		"":                    false,
	}
	for in, want := range tests {
		if got := IsCall(in); got != want {
			t.Errorf("IsCall(%q) = %v, want %v", in, got, want)
		}
	}
}

// describe renders a call tree with kinds and offsets, for comparing parse results.
func describe(c *Call) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s@%d-%d(", c.Name, c.Offset, c.End)
	for i, a := range c.Args {
		if i > 0 {
			b.WriteString(" ")
		}
		switch a.Kind {
		case ArgString:
			fmt.Fprintf(&b, "str%q", a.Str)
		case ArgNumber:
			fmt.Fprintf(&b, "num:%s", a.Num)
		case ArgBoolean:
			fmt.Fprintf(&b, "bool:%v", a.Bool)
		case ArgNull:
			b.WriteString("null")
		case ArgPath:
			fmt.Fprintf(&b, "path:%s", a.Path)
		case ArgCall:
			b.WriteString(describe(a.Call))
		}
		fmt.Fprintf(&b, "@%d-%d", a.Offset, a.End)
	}
	b.WriteString(")")
	return b.String()
}

func TestParse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"States.UUID()", "States.UUID@0-13()"},
		{"States.Array( )", "States.Array@0-15()"},
		{"States.Format('Welcome to {} {}\\'s playlist.', $.firstName, $.lastName)",
			`States.Format@0-71(str"Welcome to {} {}'s playlist."@14-45 path:$.firstName@47-58 path:$.lastName@60-70)`},
		{"States.Array('Foo', 2020, $.someJson, null)",
			`States.Array@0-43(str"Foo"@13-18 num:2020@20-24 path:$.someJson@26-36 null@38-42)`},
		{"States.ArrayPartition($.inputArray,4)", "States.ArrayPartition@0-37(path:$.inputArray@22-34 num:4@35-36)"},
		{"States.MathAdd($.value1, -1)", "States.MathAdd@0-28(path:$.value1@15-23 num:-1@25-27)"},
		{"States.Array(1.5, -0.25e-3, 0, true, false)", "States.Array@0-43(num:1.5@13-16 num:-0.25e-3@18-26 num:0@28-29 bool:true@31-35 bool:false@37-42)"},
		{"States.Format('{}', $$.Execution.Id)", "States.Format@0-36(str\"{}\"@14-18 path:$$.Execution.Id@20-35)"},
		{"States.Format('{}', $inputPayload.data.firstname)", "States.Format@0-49(str\"{}\"@14-18 path:$inputPayload.data.firstname@20-48)"},
		{"States.MathAdd(States.ArrayLength($$.Execution.Input.machines),-1)",
			"States.MathAdd@0-66(States.ArrayLength@15-62(path:$$.Execution.Input.machines@34-61)@15-62 num:-1@63-65)"},
		{"States.ArrayGetItem($.a[?(@.k == 'x, y')].v, 0)", "States.ArrayGetItem@0-47(path:$.a[?(@.k == 'x, y')].v@20-43 num:0@45-46)"},
		{"States.ArrayGetItem($.R[?(@.OutputKey == FizzBuzz)].OutputValue, 0)",
			"States.ArrayGetItem@0-67(path:$.R[?(@.OutputKey == FizzBuzz)].OutputValue@20-63 num:0@65-66)"},
		{"States.Format('{}_{}',$$.Execution.Name,$['test-batch']['batch_id'])",
			"States.Format@0-68(str\"{}_{}\"@14-21 path:$$.Execution.Name@22-39 path:$['test-batch']['batch_id']@40-67)"},
		{`States.Format('\{\} \\ {}', 1)`, `States.Format@0-30(str"{} \\ {}"@14-26 num:1@28-29)`},
		{"States.Array(\n  1 ,\t2\n)", "States.Array@0-23(num:1@16-17 num:2@20-21)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := describe(c); got != tt.want {
				t.Errorf("Parse(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			again, err := Parse(c.String())
			if err != nil || describeNoPos(again) != describeNoPos(c) {
				t.Errorf("String() = %q does not parse back to the same call: %v", c.String(), err)
			}
		})
	}
}

func describeNoPos(c *Call) string {
	var b strings.Builder
	b.WriteString(c.Name + "(")
	for _, a := range c.Args {
		if a.Kind == ArgCall {
			b.WriteString(describeNoPos(a.Call))
		} else {
			fmt.Fprintf(&b, "%d:%s|%s|%s|%v;", a.Kind, a.Str, a.Num, a.Raw, a.Bool)
		}
	}
	return b.String() + ")"
}

func TestParseKeepsBadEscapes(t *testing.T) {
	in := `States.StringToJson('{"a":"\"x\""}')`
	c, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	a := c.Args[0]
	if a.Str != `{"a":"\"x\""}` || len(a.BadEscapes) != 2 || a.BadEscapes[0] != 27 || a.BadEscapes[1] != 30 {
		t.Errorf("got %q %v", a.Str, a.BadEscapes)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in       string
		off, end int
		msg      string
	}{
		{"", 0, 0, `expected an intrinsic function such as States.Format(…), found ""`},
		{" States.Array('Foo')", 0, 1, "unexpected whitespace before the intrinsic function"},
		{"States.UUID() ", 13, 14, "unexpected whitespace after the closing ')' of States.UUID"},
		{"States.UUID()x", 13, 14, "unexpected 'x' after the closing ')' of States.UUID"},
		{"$.a", 0, 1, `expected an intrinsic function such as States.Format(…), found ""`},
		{"Format('x')", 0, 6, `expected an intrinsic function such as States.Format(…), found "Format"`},
		{"States.", 0, 7, `expected an intrinsic function such as States.Format(…), found "States."`},
		{"States.A.B()", 0, 10, `expected an intrinsic function such as States.Format(…), found "States.A.B"`},
		{"States.Format", 13, 13, "expected '(' after States.Format"},
		{"States.Format ('x')", 13, 14, "expected '(' after States.Format, found ' '"},
		{"States.Format(", 14, 14, "expected an argument: a 'string', a number, true, false, null, a path or an intrinsic function"},
		{"States.Format('x'", 17, 17, "expected ')' to close the arguments of States.Format opened at offset 13"},
		{"States.Format('x' 'y')", 18, 19, "unexpected '\\'' in the arguments of States.Format; expected ',' or ')'"},
		{"States.Array(1,)", 15, 16, "unexpected ')'; expected an argument: a 'string', a number, true, false, null, a path or an intrinsic function"},
		{"States.Array(,1)", 13, 14, "unexpected ','; expected an argument: a 'string', a number, true, false, null, a path or an intrinsic function"},
		{"States.Format('abc)", 14, 19, `expected "'" to close the string opened at offset 14`},
		{"States.Format('abc\\')", 14, 21, `expected "'" to close the string opened at offset 14`},
		{`States.Format("abc")`, 14, 15, "string literals in intrinsic functions use single quotes, as in 'text'"},
		{"States.Array(abc)", 13, 16, `unexpected word "abc"; string literals are written in single quotes, as in 'abc'`},
		{"States.Array(True)", 13, 17, `unexpected word "True"; string literals are written in single quotes, as in 'True'`},
		{"States.Array(-)", 13, 15, "expected a digit after '-'"},
		{"States.Array(01)", 13, 15, `numbers do not start with 0: "01"`},
		{"States.Array(1.)", 13, 15, `expected a digit after the decimal point in "1."`},
		{"States.Array(1e)", 13, 15, `expected a digit in the exponent of "1e"`},
		{"States.Array(12ab)", 15, 16, `unexpected 'a' after the number "12"`},
		{"States.Array($.a b)", 17, 18, "unexpected 'b' in the arguments of States.Array; expected ',' or ')'"},
		{"States.Array($.)", 14, 15, "expected a name, '*' or '[' after '.'"},
		{"States.Array($$23)", 15, 16, "unexpected '2'; expected '.', '[' or the end of the path"},
		{"States.Array($.a[)", 17, 18, "unexpected ')' after '['; expected a quoted name, a number, '*', '?(' or '('"},
		{"States.Array(States.Format('x')", 31, 31, "expected ')' to close the arguments of States.Array opened at offset 12"},
		{strings.Repeat("States.Array(", 70) + strings.Repeat(")", 70), 832, 832, "intrinsic functions nested too deeply (more than 64 levels)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %s, want an error", tt.in, c)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SyntaxError", err)
			}
			if se.Offset != tt.off || se.End != tt.end || se.Msg != tt.msg {
				t.Errorf("Parse(%q) error = %d-%d %q\n             want %d-%d %q", tt.in, se.Offset, se.End, se.Msg, tt.off, tt.end, tt.msg)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	type want struct {
		off, end int
		msg      string
	}
	tests := []struct {
		in   string
		want []want
	}{
		{"States.Format('Welcome to {} {}\\'s playlist.', $.firstName, $.lastName)", nil},
		{"States.UUID()", nil},
		{"States.Array()", nil},
		{"States.MathRandom($.start, $.end, 7)", nil},
		{"States.JsonMerge($.a, $.b, false)", nil},
		{"States.Hash($.a, 'SHA-256')", nil},
		{"States.ArrayRange(10, 0, -2)", nil},
		{"States.Format('{}', States.Format('{}', States.Format('{}', States.Format('{}', States.Format('{}', States.Format('{}', States.Format('{}', States.Format('{}', States.Format('{}', States.UUID())))))))))", nil},
		{"States.Fromat('x')", []want{{0, 13, "unknown intrinsic function States.Fromat; did you mean States.Format?"}}},
		{"States.format('x')", []want{{0, 13, "unknown intrinsic function States.format; did you mean States.Format?"}}},
		{"States.Xyz($.result)", []want{{0, 10, "unknown intrinsic function States.Xyz"}}},
		{"States.ArrayPartition($.a, 2, 3)", []want{{30, 31, "States.ArrayPartition takes 2 arguments, got 3"}}},
		{"States.ArrayPartition($.a)", []want{{25, 26, "States.ArrayPartition takes 2 arguments, got 1"}}},
		{"States.UUID(1)", []want{{12, 13, "States.UUID takes no arguments, got 1"}}},
		{"States.Format()", []want{{14, 15, "States.Format takes at least 1 argument, got 0"}}},
		{"States.MathRandom(1)", []want{{19, 20, "States.MathRandom takes 2 or 3 arguments, got 1"}}},
		{"States.MathAdd(1,'-1')", []want{{17, 21, "argument 2 of States.MathAdd must be a number, got a string literal"}}},
		{"States.MathAdd('-1', 'abc')", []want{
			{15, 19, "argument 1 of States.MathAdd must be a number, got a string literal"},
			{21, 26, "argument 2 of States.MathAdd must be a number, got a string literal"},
		}},
		{"States.ArrayLength('abc')", []want{{19, 24, "argument 1 of States.ArrayLength must be an array, got a string literal"}}},
		{"States.ArrayLength(null)", []want{{19, 23, "argument 1 of States.ArrayLength must be an array, got null"}}},
		{"States.ArrayLength(States.Format('x'))", []want{{19, 37, "argument 1 of States.ArrayLength must be an array, got States.Format, which returns a string"}}},
		{"States.Base64Encode(States.ArrayLength($.a))", []want{{20, 43, "argument 1 of States.Base64Encode must be a string, got States.ArrayLength, which returns a number"}}},
		{"States.Hash($.a, 'sha256')", []want{{17, 25, `States.Hash does not support the algorithm "sha256" (did you mean "SHA-256"?); use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512`}}},
		{"States.Hash($.a, 'CRC32')", []want{{17, 24, `States.Hash does not support the algorithm "CRC32"; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512`}}},
		{"States.Hash($.a, 5)", []want{{17, 18, "argument 2 of States.Hash must be a string, got a number literal"}}},
		{"States.JsonMerge($.a, $.b, true)", []want{{27, 31, "States.JsonMerge only merges shallowly: its third argument must be false"}}},
		{"States.JsonMerge($.a, 'x', false)", []want{{22, 25, "argument 2 of States.JsonMerge must be an object, got a string literal"}}},
		{"States.ArrayRange(1, 9, 0)", []want{{24, 25, "the step of States.ArrayRange must not be 0"}}},
		{"States.ArrayRange(1, 9, 0.4)", []want{{24, 27, "the step of States.ArrayRange must not be 0"}}},
		{"States.ArrayRange(0, 5000, 1)", []want{{21, 25, "States.ArrayRange(0, 5000, 1) would build 5001 elements; the limit is 1000"}}},
		{"States.ArrayPartition($.a, 0)", []want{{27, 28, "the chunk size of States.ArrayPartition must be a positive integer, got 0"}}},
		{"States.MathAdd(2147483648, 1)", []want{{15, 25, "States.MathAdd works on 32-bit integers: 2147483648 is outside [-2147483648, 2147483647]"}}},
		{"States.Format('{} {}', 1)", []want{{14, 21, "the States.Format template has 2 {} placeholders but 1 value follows it"}}},
		{"States.Format('x', $.a, $.b)", []want{{14, 17, "the States.Format template has 0 {} placeholders but 2 values follow it"}}},
		{"States.Format('a { b', $.a)", []want{
			{14, 21, "the States.Format template has 0 {} placeholders but 1 value follows it"},
			{17, 18, "unescaped '{' in the States.Format template; write \\{ for a literal brace or {} for a placeholder"},
		}},
		{"States.Format('} {}', $.a)", []want{{15, 16, "unescaped '}' in the States.Format template; write \\} for a literal brace"}}},
		{"States.Format('\\{} {}', $.a)", []want{{17, 18, "unescaped '}' in the States.Format template; write \\} for a literal brace"}}},
		{"States.Format($.tpl, $.a, $.b)", nil},
		{`States.StringToJson('a\b')`, []want{{22, 24, `unknown escape \b in a string literal: only \', \{, \} and \\ are escapes, and a lone backslash fails when the state runs`}}},
		{"States.Base64Encode('" + strings.Repeat("x", 10001) + "')", []want{{20, 10023, "States.Base64Encode accepts at most 10000 characters of input, got 10001"}}},
		{"States.Array(States.Fromat(1), States.UUID(2))", []want{
			{13, 26, "unknown intrinsic function States.Fromat; did you mean States.Format?"},
			{43, 44, "States.UUID takes no arguments, got 1"},
		}},
		{strings.Repeat("States.Array(", 11) + strings.Repeat(")", 11), []want{{130, 144, "intrinsic functions nest 11 levels deep here; AWS allows at most 10 nested calls per field"}}},
	}
	for _, tt := range tests {
		t.Run(tt.in[:min(len(tt.in), 60)], func(t *testing.T) {
			c, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			var got []want
			for _, e := range Check(c) {
				got = append(got, want{e.Offset, e.End, e.Msg})
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Check(%q)\n got %v\nwant %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestFunctionsTable(t *testing.T) {
	if len(Functions) != 18 {
		t.Errorf("%d functions, want the 18 of asl-semantics §6", len(Functions))
	}
	for _, f := range Functions {
		if f.MaxArgs >= 0 && f.MaxArgs < f.MinArgs {
			t.Errorf("%s: MaxArgs %d < MinArgs %d", f.Name, f.MaxArgs, f.MinArgs)
		}
		if f.MaxArgs > 0 && len(f.Params) != f.MaxArgs {
			t.Errorf("%s: %d parameter kinds for at most %d arguments", f.Name, len(f.Params), f.MaxArgs)
		}
		if g, ok := Lookup(f.Name); !ok || g.Name != f.Name {
			t.Errorf("Lookup(%q) failed", f.Name)
		}
	}
	if _, ok := Lookup("States.Nope"); ok {
		t.Error("Lookup of an unknown name succeeded")
	}
}

func TestWalkAndPaths(t *testing.T) {
	c, err := Parse("States.Format('{} {}', $.a, States.Array($$.b, States.UUID(), $c))")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	c.Walk(func(call *Call, depth int) { names = append(names, fmt.Sprintf("%s/%d", call.Name, depth)) })
	if got := strings.Join(names, " "); got != "States.Format/1 States.Array/2 States.UUID/3" {
		t.Errorf("Walk: %s", got)
	}
	var paths []string
	for _, p := range c.Paths() {
		paths = append(paths, fmt.Sprintf("%s@%d", p, p.Offset))
	}
	if got := strings.Join(paths, " "); got != "$.a@23 $$.b@41 $c@62" {
		t.Errorf("Paths: %s", got)
	}
	if c.Paths()[2].Root != path.RootVariable {
		t.Error("$c is a variable")
	}
}

func TestKindStrings(t *testing.T) {
	for k := KindAny; k <= KindObject; k++ {
		if k.String() == "" {
			t.Errorf("Kind(%d) has no name", k)
		}
	}
	for k := ArgString; k <= ArgCall; k++ {
		if k.String() == "invalid" {
			t.Errorf("ArgKind(%d) has no name", k)
		}
	}
}
