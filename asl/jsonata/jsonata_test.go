package jsonata

import (
	"errors"
	"strings"
	"testing"
)

func TestExpression(t *testing.T) {
	tests := []struct {
		in   string
		expr string
		ok   bool
	}{
		{"{% $states.input %}", " $states.input ", true},
		{"{%10%}", "10", true},
		{"{% \n10         %}", " \n10         ", true},
		{"{%%}", "", true},
		{"{%}", "", false},
		{"{% 10 %", "", false},
		{"% 10 %}", "", false},
		{" {% 10 %}", "", false},
		{"{% 10 %} ", "", false},
		{"{% This is a comment", "", false},
		{"$.a", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		expr, off, ok := Expression(tt.in)
		if expr != tt.expr || ok != tt.ok || (ok && off != 2) {
			t.Errorf("Expression(%q) = %q, %d, %v; want %q, 2, %v", tt.in, expr, off, ok, tt.expr, tt.ok)
		}
		if IsExpression(tt.in) != tt.ok {
			t.Errorf("IsExpression(%q) = %v", tt.in, !tt.ok)
		}
	}
}

func TestCheckValid(t *testing.T) {
	valid := []string{
		"$states.input.a",
		"$states.context.Execution.Id",
		" 10 ",
		"1+2",
		"$sum($states.input.numbers) + $var_constant_1",
		"$states.input.value >= 20 and $states.input.value < 30",
		"$exists($status) ? 'completed' : 'running'",
		"$exists(x) ? 1",
		"$not(null in $each($states.input.data.address, function($v) { $length($trim($v)) > 0 ? $v : null }))",
		"($e := $a.b; $n := $a.c & ' ' & $a.d; $a.items[category = 'home']{'customer': $n, 'total': $sum(v), category: {type: year}})",
		"$match($x, /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$/)",
		"$contains('hello$world', /^hello\\$/)",
		"$match(x, /(?=a)b/i)",
		"$round($random() * 10)",
		"$partition([1,2,3], 2)",
		"$range(0, 10, -2)",
		"$hash('x', 'SHA-256')",
		"$random(7)",
		"$uuid()",
		"$parse('{\"a\":1}')",
		"$fn := function($x){$x}",
		"($f := function($x){$x * 2}; $f(3))",
		"λ($x){$x}(1)",
		"function($x)<n:n>{$x}",
		"$map([1,2], $string)",
		"$map([1,2], function($v, $i){ $v + $i })",
		"($f := $substring; $f(?, 1))",
		"Account.Order.Product.%.OrderID",
		"Account.Order.(%.OrderID)",
		"Account.Order@$o.Product",
		"Account.Order#$i.Product[$i = 0]",
		"Account.Order @ $o . Product",
		"library.loans@$l.books@$b[$l.isbn=$b.isbn]",
		"$ ~> |Account.Order|{'x': 1}|",
		"$ ~> |Account|{}, ['a']|",
		"x ~> $f ~> $g",
		"$uppercase ~> $substring(0, 2)",
		"a.\"b c\".d",
		"\"a\".b",
		"`a b`.c",
		"[1..5]",
		"a^(<price, >name)",
		"a{b: c}",
		"**.x",
		"*.x",
		"a.* / 2",
		"1 / 2 / 3",
		"a.b[]",
		"$$.a",
		"$",
		"a /* a comment */ + 1",
		"/* leading */ 1",
		"{'foo': 'bar'}",
		"[1, 'two', 3]",
		"null",
		"true",
		"789.0123456789012",
		"1e10 + -1",
		"$states.input = '\"'",
		"$sum(a) % 2",
		"in.and.or",
	}
	for _, e := range valid {
		if err := Check(e); err != nil {
			t.Errorf("Check(%q) = %v, want nil", e, err)
		}
	}
}

func TestCheckErrors(t *testing.T) {
	tests := []struct {
		in       string
		off, end int
		msg      string
	}{
		{"", 0, 0, "unexpected end of expression"},
		{"  ", 2, 2, "unexpected end of expression"},
		{"1 +", 3, 3, "unexpected end of expression"},
		{"10 + * 2", 7, 8, `unexpected "2"`},
		{"$sum($states.input.items.numbers", 32, 32, `expected ")" before the end of the expression`},
		{"$.store.book[?(@.price < 10)].title", 13, 14, `"?" cannot start an expression`},
		{" 420. ", 4, 5, "unexpected '.' after the number 420; a number cannot be a step of a path"},
		{"$f := function($x){$x}; $f(1)", 22, 23, `unexpected ";"`},
		{"a ?: b", 2, 4, `"?:" is not an operator of JSONata 2.0, which Step Functions runs; write "$exists(a) ? a : b" instead`},
		{"a ?? b", 2, 4, `"??" is not an operator of JSONata 2.0, which Step Functions runs; write "$exists(a) ? a : b" instead`},
		{"a := 1", 2, 4, "cannot assign to a: the left side of := must be a variable such as $x"},
		{"'abc", 0, 4, `unterminated string: expected "'" to close the string opened at offset 0`},
		{"x & \"abc", 4, 8, `unterminated string: expected "\"" to close the string opened at offset 4`},
		{"`abc", 0, 4, "unterminated name: expected '`' to close the name opened at offset 0"},
		{"$match(x, /abc)", 10, 15, "unterminated regular expression: expected '/' to close the expression opened at offset 10"},
		{"$match(x, //)", 10, 12, "empty regular expressions are not allowed"},
		{"a /* unterminated", 2, 17, "unterminated comment: expected '*/' to close the comment opened at offset 2"},
		{"'\\x'", 1, 3, "illegal escape sequence \\x in a string"},
		{"function()<!n>{1}", 11, 12, "unexpected '!'; JSONata writes inequality as != and negation as $not()"},
		{"a ~ b", 2, 3, "unexpected '~'; the chain operator is written ~>"},
		{"Order @ 1", 8, 9, `expected a variable such as $v after '@', found "1"`},
		{"Order #", 6, 7, "expected a variable such as $v after '#'"},
		{"%x", 1, 2, `expected '.' after the parent operator '%', found "x"`},
		{"a.1", 2, 3, "the literal 1 cannot be a step of a path"},
		{"true.x", 0, 4, "the literal true cannot be a step of a path"},
		{"(1", 2, 2, `expected ")" before the end of the expression`},
		{"[1,2", 4, 4, `expected "]" before the end of the expression`},
		{"a[0]{x:1}[1]", 0, 12, "a predicate cannot follow a grouping expression {…} in a path step"},
		{"a{1:2}{3:4}", 0, 11, "a path step can have only one grouping expression {…}"},
		{"function($x, 1){1}", 13, 14, "function parameters must be variables such as $x, got 1"},
		{"function($x,$x){1}", 13, 14, "duplicate function parameter $x"},
		{"$sumx(a)", 0, 5, "unknown function $sumx; did you mean $sum?"},
		{"$Sum(a)", 0, 4, "unknown function $Sum; did you mean $sum?"},
		{"$uuidd()", 0, 6, "unknown function $uuidd; did you mean $uuid?"},
		{"$frobnicate(1)", 0, 11, "unknown function $frobnicate"},
		{"$states(1)", 0, 7, "$states is the variable that holds input, result, errorOutput and context, not a function"},
		{"$eval('1')", 0, 5, "$eval is not available in AWS Step Functions"},
		{"1 + $sumx(2) + (3", 17, 17, `expected ")" before the end of the expression`},
		{strings.Repeat("(", 201) + "1" + strings.Repeat(")", 201), 200, 201, "nested too deeply (more than 200 levels of brackets and operators)"},
		{strings.Repeat("-", 300) + "1", 200, 201, "nested too deeply (more than 200 levels of brackets and operators)"},
		{strings.Repeat("$a := ", 300) + "1", 1203, 1205, "nested too deeply (more than 200 levels of brackets and operators)"},
		{strings.Repeat("x ? ", 300) + "1", 802, 803, "nested too deeply (more than 200 levels of brackets and operators)"},
		{strings.Repeat("(- ", 150) + "1" + strings.Repeat(")", 150), 300, 301, "nested too deeply (more than 200 levels of brackets and operators)"},
	}
	for _, tt := range tests {
		t.Run(tt.in[:min(len(tt.in), 40)], func(t *testing.T) {
			err := Check(tt.in)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Check(%q) = %v, want a *SyntaxError", tt.in, err)
			}
			if se.Offset != tt.off || se.End != tt.end || se.Msg != tt.msg {
				t.Errorf("Check(%q) = %d-%d %q\n          want %d-%d %q", tt.in, se.Offset, se.End, se.Msg, tt.off, tt.end, tt.msg)
			}
		})
	}
}

func TestCheckLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds megabyte-long expressions")
	}
	if err := Check(strings.Repeat(" ", MaxLength+1)); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("an over-long expression: %v", err)
	}
	// Long flat chains are parsed in a loop and must pass; the longest expression must not crash the port.
	for _, e := range []string{
		strings.Repeat("1 + ", MaxLength/4-1) + "1",
		strings.Repeat("a.", 1<<15) + "b",
		"(" + strings.Repeat("$a := 1; ", 1<<13) + "1)",
	} {
		if err := Check(e); err != nil {
			t.Errorf("Check(%.20q…): %v", e, err)
		}
	}
}
