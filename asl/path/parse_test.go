package path

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func ip(n int) *int { return &n }

func TestParsePathSegments(t *testing.T) {
	tests := []struct {
		in       string
		root     RootKind
		variable string
		segs     []Segment
	}{
		{in: "$", root: RootInput},
		{in: "$$", root: RootContext},
		{in: "$var", root: RootVariable, variable: "var"},
		{in: "$_x1", root: RootVariable, variable: "_x1"},
		{in: "$état.a", root: RootVariable, variable: "état", segs: []Segment{
			{Span: Span{6, 8}, Sel: &Name{Name: "a"}},
		}},
		{in: "$.a", root: RootInput, segs: []Segment{
			{Span: Span{1, 3}, Sel: &Name{Name: "a"}},
		}},
		{in: "$$.Execution.Id", root: RootContext, segs: []Segment{
			{Span: Span{2, 12}, Sel: &Name{Name: "Execution"}},
			{Span: Span{12, 15}, Sel: &Name{Name: "Id"}},
		}},
		{in: "$.input-foo-bar", root: RootInput, segs: []Segment{
			{Span: Span{1, 15}, Sel: &Name{Name: "input-foo-bar"}},
		}},
		{in: "$.a:b@c$d?e", root: RootInput, segs: []Segment{
			{Span: Span{1, 11}, Sel: &Name{Name: "a:b@c$d?e"}},
		}},
		{in: "$.日本", root: RootInput, segs: []Segment{
			{Span: Span{1, 8}, Sel: &Name{Name: "日本"}},
		}},
		{in: "$['a b']", root: RootInput, segs: []Segment{
			{Span: Span{1, 8}, Sel: &Name{Name: "a b", Quote: '\''}},
		}},
		{in: `$["a'b"]`, root: RootInput, segs: []Segment{
			{Span: Span{1, 8}, Sel: &Name{Name: "a'b", Quote: '"'}},
		}},
		{in: `$['it\'s']`, root: RootInput, segs: []Segment{
			{Span: Span{1, 10}, Sel: &Name{Name: `it\'s`, Quote: '\''}},
		}},
		{in: `$['Test\""Name"']`, root: RootInput, segs: []Segment{
			{Span: Span{1, 17}, Sel: &Name{Name: `Test\""Name"`, Quote: '\''}},
		}},
		{in: "$[ 'a' ]", root: RootInput, segs: []Segment{
			{Span: Span{1, 8}, Sel: &Name{Name: "a", Quote: '\''}},
		}},
		{in: "$.abc.['def ghi']", root: RootInput, segs: []Segment{
			{Span: Span{1, 5}, Sel: &Name{Name: "abc"}},
			{Span: Span{5, 17}, Sel: &Name{Name: "def ghi", Quote: '\''}},
		}},
		{in: "$['a','b']", root: RootInput, segs: []Segment{
			{Span: Span{1, 10}, Sel: &Names{Names: []Name{{Name: "a", Quote: '\''}, {Name: "b", Quote: '\''}}}},
		}},
		{in: "$[0]", root: RootInput, segs: []Segment{
			{Span: Span{1, 4}, Sel: &Index{Index: 0}},
		}},
		{in: "$.a[-2]", root: RootInput, segs: []Segment{
			{Span: Span{1, 3}, Sel: &Name{Name: "a"}},
			{Span: Span{3, 7}, Sel: &Index{Index: -2}},
		}},
		{in: "$[0, 1,2]", root: RootInput, segs: []Segment{
			{Span: Span{1, 9}, Sel: &Indexes{Indexes: []int{0, 1, 2}}},
		}},
		{in: "$[*]", root: RootInput, segs: []Segment{
			{Span: Span{1, 4}, Sel: &Wildcard{Bracket: true}},
		}},
		{in: "$.*", root: RootInput, segs: []Segment{
			{Span: Span{1, 3}, Sel: &Wildcard{}},
		}},
		{in: "$[1:]", root: RootInput, segs: []Segment{
			{Span: Span{1, 5}, Sel: &Slice{Start: ip(1)}},
		}},
		{in: "$[:2]", root: RootInput, segs: []Segment{
			{Span: Span{1, 5}, Sel: &Slice{End: ip(2)}},
		}},
		{in: "$[-2:]", root: RootInput, segs: []Segment{
			{Span: Span{1, 6}, Sel: &Slice{Start: ip(-2)}},
		}},
		{in: "$[0:3:2]", root: RootInput, segs: []Segment{
			{Span: Span{1, 8}, Sel: &Slice{Start: ip(0), End: ip(3), Step: ip(2)}},
		}},
		{in: "$..name", root: RootInput, segs: []Segment{
			{Span: Span{1, 7}, Descendant: true, Sel: &Name{Name: "name"}},
		}},
		{in: "$..*", root: RootInput, segs: []Segment{
			{Span: Span{1, 4}, Descendant: true, Sel: &Wildcard{}},
		}},
		{in: "$..[0]", root: RootInput, segs: []Segment{
			{Span: Span{1, 6}, Descendant: true, Sel: &Index{Index: 0}},
		}},
		{in: "$.a.length()", root: RootInput, segs: []Segment{
			{Span: Span{1, 3}, Sel: &Name{Name: "a"}},
			{Span: Span{3, 12}, Sel: &Func{Name: "length"}},
		}},
		{in: "$..sum()", root: RootInput, segs: []Segment{
			{Span: Span{1, 8}, Descendant: true, Sel: &Func{Name: "sum"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePath(tt.in)
			if err != nil {
				t.Fatalf("ParsePath(%q): %v", tt.in, err)
			}
			if p.Root != tt.root || p.Var != tt.variable {
				t.Errorf("root = %v %q, want %v %q", p.Root, p.Var, tt.root, tt.variable)
			}
			if p.Offset != 0 || p.End != len(tt.in) {
				t.Errorf("span = %v, want [0 %d]", p.Span, len(tt.in))
			}
			if !reflect.DeepEqual(p.Segments, tt.segs) {
				t.Errorf("segments:\n got %s\nwant %s", dumpSegs(p.Segments), dumpSegs(tt.segs))
			}
		})
	}
}

func dumpSegs(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		var w strings.Builder
		s.write(&w)
		fmt.Fprintf(&b, "[%d,%d) deep=%v %T(%s) ", s.Offset, s.End, s.Descendant, s.Sel, w.String())
	}
	return b.String()
}

func jsonNumber(s string) json.Number { return json.Number(s) }

func TestParsePathFilters(t *testing.T) {
	tests := []struct {
		in   string
		want string // normal form of the filter or script
	}{
		{"$[?(@.price < 10 && @.tag == 'x')]", "$[?(@.price < 10 && @.tag == 'x')]"},
		{"$[?(@.a == 1 || @.b == 2 && @.c == 3)]", "$[?(@.a == 1 || @.b == 2 && @.c == 3)]"},
		{"$[?((@.a == 1 || @.b == 2) && @.c == 3)]", "$[?((@.a == 1 || @.b == 2) && @.c == 3)]"},
		{"$[?(@.isbn)]", "$[?(@.isbn)]"},
		{"$[?(!@.isbn)]", "$[?(!@.isbn)]"},
		{"$[?(!(@.a == 1))]", "$[?(!(@.a == 1))]"},
		{"$[?(@.a=~/ab.*c/i)]", "$[?(@.a =~ /ab.*c/i)]"},
		{`$[?(@.a =~ /a\/b/)]`, `$[?(@.a =~ /a\/b/)]`},
		{`$[?(@.size in ['S', "M"])]`, `$[?(@.size in ['S', 'M'])]`},
		{"$[?(@.size NIN [1,2])]", "$[?(@.size nin [1, 2])]"},
		{"$[?(@.tags subsetof ['a'])]", "$[?(@.tags subsetof ['a'])]"},
		{"$[?(@.tags anyof ['a'])]", "$[?(@.tags anyof ['a'])]"},
		{"$[?(@.tags noneof ['a'])]", "$[?(@.tags noneof ['a'])]"},
		{"$[?(@.tags size 2)]", "$[?(@.tags size 2)]"},
		{"$[?(@.tags empty false)]", "$[?(@.tags empty false)]"},
		{"$[?(@.a != null)]", "$[?(@.a != null)]"},
		{"$[?(@.a === true)]", "$[?(@.a === true)]"},
		{"$[?(@.a >= -1.5e3)]", "$[?(@.a >= -1.5e3)]"},
		{"$[?(@.a <= $.max)]", "$[?(@.a <= $.max)]"},
		{"$[?(@['a b'] == 'x')]", "$[?(@['a b'] == 'x')]"},
		{"$[?(@.a[0].b == 'x')]", "$[?(@.a[0].b == 'x')]"},
		{"$[?(@.length() > 2)]", "$[?(@.length() > 2)]"},
		{"$[?(@.a == {'k': [1, 'v']})]", "$[?(@.a == {'k': [1, 'v']})]"},
		{`$[?(@.a == 'it\'s\n')]`, `$[?(@.a == 'it\'s\n')]`},
		{"$[?(@.b[?(@.c > 1)])]", "$[?(@.b[?(@.c > 1)])]"},
		{"$[?(@.delivery-partner == 'x')]", "$[?(@.delivery-partner == 'x')]"},
		{"$[(@.length-1)].bar", "$[(@.length - 1)].bar"},
		{"$[( @.length - 2 * (1 + 0) )]", "$[(@.length - 2 * (1 + 0))]"},
		{"$[(-1 + @.length)]", "$[(-1 + @.length)]"},
		{"$.sum(1, @.a, 'x')", "$.sum(1, @.a, 'x')"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePath(tt.in)
			if err != nil {
				t.Fatalf("ParsePath(%q): %v", tt.in, err)
			}
			if got := p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			q, err := ParsePath(p.String())
			if err != nil {
				t.Fatalf("re-parse %q: %v", p.String(), err)
			}
			if q.String() != p.String() {
				t.Errorf("round trip: %q -> %q", p.String(), q.String())
			}
		})
	}
}

func TestFilterAST(t *testing.T) {
	p, err := ParsePath("$[?(@.a < 10 && !@.b)]")
	if err != nil {
		t.Fatal(err)
	}
	f := p.Segments[0].Sel.(*Filter)
	and, ok := f.Expr.(*Logical)
	if !ok || and.Op != "&&" || and.Span != (Span{4, 20}) {
		t.Fatalf("top = %#v", f.Expr)
	}
	cmp := and.X.(*Compare)
	if cmp.Op != "<" || cmp.Span != (Span{4, 12}) {
		t.Errorf("compare = %+v", cmp)
	}
	left := cmp.X.(*PathValue)
	if left.Path.Root != RootCurrent || left.Path.String() != "@.a" || left.Span != (Span{4, 7}) {
		t.Errorf("left = %+v", left)
	}
	if lit := cmp.Y.(*Literal); lit.Value != any(jsonNumber("10")) || lit.Span != (Span{10, 12}) {
		t.Errorf("right = %+v", lit)
	}
	not := and.Y.(*Not)
	if ex, ok := not.X.(*Exists); !ok || ex.Path.String() != "@.b" || not.Span != (Span{16, 20}) {
		t.Errorf("not = %+v", not)
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		in   string
		want []SyntaxError
	}{
		{"$.a[?(@.k == FizzBuzz)]", []SyntaxError{{Offset: 13, End: 21, Msg: `unquoted word "FizzBuzz" in a filter; Jayway (used by AWS) rejects it: quote it as 'FizzBuzz'`}}},
		{"$[0:3:2]", []SyntaxError{{Offset: 5, End: 7, Msg: "Jayway (used by AWS) ignores the slice step: every element of the range is selected"}}},
		{"$.books[-2]", []SyntaxError{{Offset: 8, End: 10, Msg: "negative indexes have been reported to match nothing on AWS Step Functions; [(@.length-1)] selects the last element"}}},
		{"$.books[-2:]", nil},
		{"$.a[0]", nil},
	}
	for _, tt := range tests {
		p, err := ParsePath(tt.in)
		if err != nil {
			t.Fatalf("ParsePath(%q): %v", tt.in, err)
		}
		var got []SyntaxError
		for _, w := range p.Warnings {
			got = append(got, *w)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParsePath(%q).Warnings = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParsePathErrors(t *testing.T) {
	tests := []struct {
		in       string
		off, end int
		msg      string
	}{
		{"", 0, 0, `expected '$' at the start of the path ("$" input, "$$" context object, "$name" variable), found the end of the path`},
		{".guid", 0, 1, `expected '$' at the start of the path ("$" input, "$$" context object, "$name" variable), found '.'`},
		{"..guid", 0, 1, `expected '$' at the start of the path ("$" input, "$$" context object, "$name" variable), found '.'`},
		{"()", 0, 1, `expected '$' at the start of the path ("$" input, "$$" context object, "$name" variable), found '('`},
		{" $.a", 0, 1, `expected '$' at the start of the path ("$" input, "$$" context object, "$name" variable), found ' '`},
		{"23", 0, 1, `expected '$' at the start of the path ("$" input, "$$" context object, "$name" variable), found '2'`},
		{"@.a", 0, 1, "'@' refers to the current node only inside a filter; paths start with '$'"},
		{"$$23", 2, 3, "unexpected '2'; expected '.', '[' or the end of the path"},
		{"$1", 1, 2, "unexpected '1' after '$'; expected '.', '[' or a variable name"},
		{"$a-b", 2, 3, `unexpected '-' after the variable name "$a"; variable names contain only letters, digits and '_'`},
		{"$.", 1, 2, "expected a name, '*' or '[' after '.'"},
		{"$..", 1, 3, "expected a name, '*' or '[' after '..'"},
		{"$...", 3, 4, "unexpected '.'; expected a name, '*' or '[' after '..'"},
		{"$.a.", 3, 4, "expected a name, '*' or '[' after '.'"},
		{"$. a", 2, 3, "unexpected whitespace after '.'; write names that contain spaces in brackets, as in ['my name']"},
		{"$.a b", 3, 4, "unexpected whitespace in a path; write names that contain spaces in brackets, as in ['my name']"},
		{"$.a ", 3, 4, "unexpected whitespace in a path; write names that contain spaces in brackets, as in ['my name']"},
		{"$.a,b", 3, 4, "unexpected ','; a union of names is written ['a','b']"},
		{"$.a)", 3, 4, "unexpected ')'; expected '.', '[' or the end of the path"},
		{"$.]", 2, 3, "expected a name, '*' or '[' after '.', found ']'"},
		{"$[", 2, 2, "expected ']' to close the bracket opened at offset 1"},
		{"$.a[0", 5, 5, "expected ']' to close the bracket opened at offset 3"},
		{"$.a[0 1]", 6, 7, "expected ']' to close the bracket opened at offset 3, found '1'"},
		{"$[a]", 2, 3, "unexpected 'a' after '['; expected a quoted name, a number, '*', '?(' or '('"},
		{"$['a", 2, 4, `expected "'" to close the name quoted at offset 2`},
		{`$["a']`, 2, 6, `expected "\"" to close the name quoted at offset 2`},
		{"$['a',]", 6, 7, "expected a quoted name after ',', found ']'"},
		{"$['a' 'b']", 6, 7, "expected ']' to close the bracket opened at offset 1, found '\\''"},
		{"$['a']b", 6, 7, "unexpected 'b'; expected '.', '[' or the end of the path"},
		{"$[*", 3, 3, "expected ']' to close the bracket opened at offset 1"},
		{"$[1,]", 4, 5, "expected a digit, found ']'"},
		{"$[-]", 3, 4, "expected a digit, found ']'"},
		{"$[:]", 1, 3, "a slice needs a start or an end, as in [1:] or [:2]"},
		{"$[1:a]", 4, 5, "expected ']' to close the bracket opened at offset 1, found 'a'"},
		{"$[99999999999]", 2, 13, "index 99999999999 is out of range (Jayway indexes are 32-bit integers)"},
		{"$[?@.a]", 2, 4, "expected '(' after '[?'; a filter is written [?(@.price < 10)]"},
		{"$[?(@.a == 1", 12, 12, "expected ')' to close the filter opened at offset 3"},
		{"$[?(@.a == 1)", 13, 13, "expected ']' to close the bracket opened at offset 1"},
		{"$[?(@.a = 1)]", 8, 9, "unexpected '='; compare with '=='"},
		{"$[?(@.a foo 1)]", 8, 11, `unknown operator "foo"; expected ==, !=, <, <=, >, >=, =~, in, nin, subsetof, anyof, noneof, size or empty`},
		{"$[?(@.a == )]", 11, 12, "unexpected ')'; expected a value: a path such as @.x, a number, a 'string', true, false, null or a [list]"},
		{"$[?(1)]", 4, 5, "a value alone is not a condition; compare it with a path, as in @.x == 1"},
		{"$[?(@.a == 1 2)]", 13, 14, "unexpected '2' in the filter; expected '&&', '||' or ')'"},
		{"$[?(@.a == 'x)]", 11, 15, `expected "'" to close the string opened at offset 11`},
		{"$[?(@.a =~ 'x')]", 8, 10, "=~ needs a regular expression literal such as /^a.*z$/i on one side"},
		{"$[?(@.a =~ /x)]", 11, 15, "expected '/' to close the regular expression opened at offset 11"},
		{"$[?(@.a =~ /x/g)]", 14, 15, `unknown regular expression flag "g"; Jayway accepts d, i, m, s, u, x and U`},
		{"$[?(@.a in [1, 2)]", 16, 17, "unexpected ')' in the list opened at offset 11; expected ',' or ']'"},
		{"$[?(@.a == 1.)]", 11, 13, `expected a digit after the decimal point in "1."`},
		{"$[?((@.a == 1)]", 14, 15, "unexpected ']' in the filter; expected '&&', '||' or ')'"},
		{"$[?(@. == 1)]", 6, 7, "unexpected whitespace after '.'; write names that contain spaces in brackets, as in ['my name']"},
		{"$[?(@.a == '\\u12')]", 12, 18, `\u must be followed by four hexadecimal digits`},
		{"$[(@.length-)]", 12, 13, "unexpected ')'; expected a number or a path such as @.length"},
		{"$[(@.length 1)]", 12, 13, "unexpected '1' in the script; expected an arithmetic operator or ')'"},
		{"$.a.lenght()", 4, 10, "unknown path function lenght() (did you mean length()?); Jayway provides min(), max(), avg(), stddev(), length(), sum(), keys(), concat(), append(), first(), last(), index()"},
		{"$.a.length().b", 12, 13, "a function such as length() must be the last step of a path"},
		{"$.a.length(", 11, 11, "expected a value: a path such as @.x, a number, a 'string', true, false, null or a [list]"},
		{"$.a.append(1", 12, 12, "expected ')' to close the arguments of append() opened at offset 10"},
		{"$.a.append(1;", 12, 13, "unexpected ';' in the arguments of append(); expected ',' or ')'"},
		{"$" + strings.Repeat("[?(@", 40), 129, 130, "nested too deeply (more than 64 levels)"},
		{"$[?(" + strings.Repeat("!", 100) + "@.a)]", 67, 68, "nested too deeply (more than 64 levels)"},
		{"$[(" + strings.Repeat("-", 100) + "1)]", 66, 67, "nested too deeply (more than 64 levels)"},
		{"$[?(@.a == " + strings.Repeat("[", 100) + ")]", 73, 74, "nested too deeply (more than 64 levels)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePath(tt.in)
			if err == nil {
				t.Fatalf("ParsePath(%q) = %s, want an error", tt.in, p)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SyntaxError", err)
			}
			if se.Offset != tt.off || se.End != tt.end || se.Msg != tt.msg {
				t.Errorf("ParsePath(%q) error = %d-%d %q\n                 want %d-%d %q", tt.in, se.Offset, se.End, se.Msg, tt.off, tt.end, tt.msg)
			}
		})
	}
}

func TestParseReference(t *testing.T) {
	tests := []struct {
		in       string
		root     RootKind
		filter   bool // ErrFilterInReference expected
		off, end int
		msg      string // non-empty: a hard error
	}{
		{in: "$", root: RootInput},
		{in: "$.a.b[0]['c d']", root: RootInput},
		{in: "$.a[-1]", root: RootInput},
		{in: "$$.Execution.Input", root: RootContext},
		{in: "$foo", root: RootVariable},
		{in: "$.jar[?(@.a >= 5)]", root: RootInput, filter: true, off: 5, end: 18,
			msg: "reference paths may only use .name, ['name'] and [n]; a filter selects several nodes (the AWS Paths page shows one, the states-language spec forbids it)"},
		{in: "$.a[*]", off: 3, end: 6, msg: "reference paths may only use .name, ['name'] and [n]; a wildcard selects several nodes"},
		{in: "$.*", off: 1, end: 3, msg: "reference paths may only use .name, ['name'] and [n]; a wildcard selects several nodes"},
		{in: "$..a", off: 1, end: 4, msg: "reference paths may only use .name, ['name'] and [n]; '..' searches every level and selects several nodes"},
		{in: "$[0,1]", off: 1, end: 6, msg: "reference paths may only use .name, ['name'] and [n]; a union selects several nodes"},
		{in: "$['a','b']", off: 1, end: 10, msg: "reference paths may only use .name, ['name'] and [n]; a union selects several nodes"},
		{in: "$[1:]", off: 1, end: 5, msg: "reference paths may only use .name, ['name'] and [n]; a slice selects several nodes"},
		{in: "$[(@.length-1)]", off: 1, end: 15, msg: "reference paths may only use .name, ['name'] and [n]; script expressions are not allowed"},
		{in: "$.a.length()", off: 3, end: 12, msg: "reference paths may only use .name, ['name'] and [n]; functions such as length() are not supported"},
		{in: "$.a[?(@.b =~ /x/)]", off: 6, end: 16, msg: "reference paths do not support filtering by regular expression (AWS Paths page)"},
		{in: "$.a[?(@.b in [1])]", off: 6, end: 16, msg: "reference paths do not support lexical operators such as in (AWS Paths page)"},
		{in: "$.a[?(@.b == $.c)]", off: 13, end: 16, msg: "reference paths do not support filters that refer to another value of the input (AWS Paths page)"},
		{in: "$.a[?(@.b.length() > 1)]", off: 9, end: 18, msg: "reference paths do not support functions such as length() (AWS Paths page)"},
		{in: "$.a b", off: 3, end: 4, msg: "unexpected whitespace in a path; write names that contain spaces in brackets, as in ['my name']"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParseReference(tt.in)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("ParseReference(%q): %v", tt.in, err)
				}
				if p.Root != tt.root {
					t.Errorf("root = %v, want %v", p.Root, tt.root)
				}
				if !p.IsReference() || !p.IsDefinite() {
					t.Errorf("IsReference/IsDefinite = %v/%v, want true", p.IsReference(), p.IsDefinite())
				}
				return
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("ParseReference(%q) error = %v, want a *SyntaxError", tt.in, err)
			}
			if se.Offset != tt.off || se.End != tt.end || se.Msg != tt.msg {
				t.Errorf("error = %d-%d %q\n want %d-%d %q", se.Offset, se.End, se.Msg, tt.off, tt.end, tt.msg)
			}
			if got := errors.Is(err, ErrFilterInReference); got != tt.filter {
				t.Errorf("errors.Is(err, ErrFilterInReference) = %v, want %v", got, tt.filter)
			}
			if tt.filter && (p == nil || p.Root != tt.root) {
				t.Errorf("a filter warning must come with the path, got %v", p)
			}
			if !tt.filter && p != nil {
				t.Errorf("a hard error must come without a path, got %s", p)
			}
		})
	}
}

func TestIsDefinite(t *testing.T) {
	tests := map[string]bool{
		"$":                   true,
		"$.a.b[0]":            true,
		"$['a'][-1]":          true,
		"$.a.length()":        true,
		"$[(@.length-1)]":     true,
		"$$.Map.Item.Value":   true,
		"$.a[*]":              false,
		"$.*":                 false,
		"$..a":                false,
		"$[0,1]":              false,
		"$['a','b']":          true,
		"$['a','b'].c":        false,
		"$[1:]":               false,
		"$[?(@.a)]":           false,
		"$.a[?(@.b == 1)].c":  false,
		"$var.list[0].id":     true,
		"$var.list[*].id":     false,
		"$..book.length()":    false,
		"$.a['b'].c[2]['d']":  true,
		"$.a[ 0 ][ 'b c' ].d": true,
	}
	for in, want := range tests {
		p, err := ParsePath(in)
		if err != nil {
			t.Fatalf("ParsePath(%q): %v", in, err)
		}
		if got := p.IsDefinite(); got != want {
			t.Errorf("ParsePath(%q).IsDefinite() = %v, want %v", in, got, want)
		}
	}
}

func TestParsePathIn(t *testing.T) {
	s := "States.Format('{}', $.a[0], $$.b)"
	p, err := ParsePathIn(s, 20, 26)
	if err != nil {
		t.Fatal(err)
	}
	if p.Span != (Span{20, 26}) || p.Segments[1].Span != (Span{23, 26}) || p.String() != "$.a[0]" {
		t.Errorf("got %s %v %v", p, p.Span, p.Segments)
	}
	_, err = ParsePathIn(s, 28, 31)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Offset != 30 || se.Msg != "expected a name, '*' or '[' after '.'" {
		t.Errorf("got %v", err)
	}
	if _, err := ParsePathIn(s, 5, 1); err == nil {
		t.Error("a reversed range must fail")
	}
}

func TestSyntaxErrorShift(t *testing.T) {
	e := &SyntaxError{Offset: 1, End: 3, Msg: "m", Err: ErrFilterInReference}
	s := e.Shift(10)
	if s.Offset != 11 || s.End != 13 || e.Offset != 1 || !errors.Is(s, ErrFilterInReference) {
		t.Errorf("Shift: %+v from %+v", s, e)
	}
	if e.Error() != "offset 1: m" {
		t.Errorf("Error() = %q", e.Error())
	}
}
