package path

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

const store = `{
  "store": {
    "book": [
      {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
      {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
      {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
      {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
    ],
    "bicycle": {"color": "red", "price": 19.95}
  },
  "expensive": 10,
  "input-foo-bar": "hyphen",
  "Test\\\"\"Name\"": "escaped",
  "tags": ["a", "b"],
  "matrix": [[1, 2], [3, 4]]
}`

func decode(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestEval(t *testing.T) {
	doc := decode(t, store)
	tests := []struct{ path, want string }{
		{"$.expensive", `10`},
		{"$['input-foo-bar']", `"hyphen"`},
		{"$.input-foo-bar", `"hyphen"`},
		{`$['Test\""Name"']`, `"escaped"`},
		{"$.store.book[0].title", `"Sayings of the Century"`},
		{"$.store.book[-1].title", `"The Lord of the Rings"`},
		{"$.store.book[(@.length-1)].title", `"The Lord of the Rings"`},
		{"$.store.book[*].author", `["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]`},
		{"$..author", `["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]`},
		{"$.store.*", `[{"color":"red","price":19.95},[{"author":"Nigel Rees","category":"reference","price":8.95,"title":"Sayings of the Century"},{"author":"Evelyn Waugh","category":"fiction","price":12.99,"title":"Sword of Honour"},{"author":"Herman Melville","category":"fiction","isbn":"0-553-21311-3","price":8.99,"title":"Moby Dick"},{"author":"J. R. R. Tolkien","category":"fiction","isbn":"0-395-19395-8","price":22.99,"title":"The Lord of the Rings"}]]`},
		{"$.store..price", `[19.95,8.95,12.99,8.99,22.99]`},
		{"$..book[2].title", `["Moby Dick"]`},
		{"$..book[0,1].title", `["Sayings of the Century","Sword of Honour"]`},
		{"$..book[:2].title", `["Sayings of the Century","Sword of Honour"]`},
		{"$..book[1:2].title", `["Sword of Honour"]`},
		{"$..book[-2:].title", `["Moby Dick","The Lord of the Rings"]`},
		{"$..book[2:].title", `["Moby Dick","The Lord of the Rings"]`},
		{"$.store.book[0:4:2].title", `["Sayings of the Century","Sword of Honour","Moby Dick","The Lord of the Rings"]`},
		{"$..book[?(@.isbn)].title", `["Moby Dick","The Lord of the Rings"]`},
		{"$..book[?(!@.isbn)].title", `["Sayings of the Century","Sword of Honour"]`},
		{"$.store.book[?(@.price < 10)].title", `["Sayings of the Century","Moby Dick"]`},
		{"$..book[?(@.price <= $['expensive'])].title", `["Sayings of the Century","Moby Dick"]`},
		{"$..book[?(@.author =~ /.*REES/i)].title", `["Sayings of the Century"]`},
		{"$..book[?(@.author =~ /REES/i)].title", `[]`},
		{"$..book[?(@.category == 'fiction' && @.price > 20)].title", `["The Lord of the Rings"]`},
		{"$..book[?(@.category == 'reference' || @.price > 20)].title", `["Sayings of the Century","The Lord of the Rings"]`},
		{"$..book[?(@.category in ['reference', 'poetry'])].title", `["Sayings of the Century"]`},
		{"$..book[?(@.category nin ['fiction'])].title", `["Sayings of the Century"]`},
		{"$..book[?(@.price == '8.95')].title", `["Sayings of the Century"]`},
		{"$..book[?(@.price != 8.95)].price", `[12.99,8.99,22.99]`},
		{"$..book[?(@.author size 10)].author", `["Nigel Rees"]`},
		{"$[?(@.tags subsetof ['a','b','c'])].expensive", `[10]`},
		{"$[?(@.tags anyof ['b','z'])].expensive", `[10]`},
		{"$[?(@.tags noneof ['b','z'])].expensive", `[]`},
		{"$[?(@.tags contains 'a')].expensive", `[10]`},
		{"$[?(@.tags empty false)].expensive", `[10]`},
		{"$.store.bicycle[?(@.color == 'red')].price", `[19.95]`},
		{"$['expensive','tags','nope']", `{"expensive":10,"tags":["a","b"]}`},
		{"$.matrix[*][*]", `[1,2,3,4]`},
		{"$.matrix[1][0]", `3`},
		{"$.store.book.length()", `4`},
		{"$..book.length()", `1`},
		{"$..price.sum()", `73.87`},
		{"$.store.book[*].price.min()", `8.95`},
		{"$.store.book[*].price.max()", `22.99`},
		{"$.matrix[0].sum()", `3.0`},
		{"$.matrix[0].avg()", `1.5`},
		{"$.store.bicycle.keys()", `["color","price"]`},
		{"$.tags.concat('c', 1)", `"abc1"`},
		{"$.tags.append('c')", `["a","b","c"]`},
		{"$.tags.first()", `"a"`},
		{"$.tags.last()", `"b"`},
		{"$.tags.index(-1)", `"b"`},
		{"$.nope[*]", `[]`},
		{"$", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := ParsePath(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Eval(p, doc)
			if err != nil {
				t.Fatalf("Eval(%q): %v", tt.path, err)
			}
			if tt.want == "" {
				return
			}
			b, _ := json.Marshal(got)
			if string(b) != tt.want {
				t.Errorf("Eval(%q) = %s, want %s", tt.path, b, tt.want)
			}
		})
	}
}

func TestEvalErrors(t *testing.T) {
	doc := decode(t, `{"a": {"b": 1}, "n": null, "s": "x", "list": [1]}`)
	tests := []struct{ path, msg string }{
		{"$.NoSuchInputPath", "No results for path: $['NoSuchInputPath']"},
		{"$.x.b", "Missing property in path $['x']"},
		{"$.a.c", "No results for path: $['a']['c']"},
		{"$.list[5]", "No results for path: $['list'][5]"},
		{"$.s.b", "Expected to find an object with property ['b'] in path $['s'] but found 'string'. This is not a json object."},
		{"$.n[0]", "The path $['n'] is null"},
		{"$.s[0]", `Filter: [0] can only be applied to arrays. Current context is: "x"`},
		{"$.list[?(@ == 'x')].sum()", "Aggregation function attempted to calculate value using empty array"},
	}
	for _, tt := range tests {
		p, err := ParsePath(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Eval(p, doc)
		var ee *EvalError
		if !errors.As(err, &ee) || ee.Msg != tt.msg {
			t.Errorf("Eval(%q) error = %v, want %q", tt.path, err, tt.msg)
		}
	}
}

func TestJavaDouble(t *testing.T) {
	for in, want := range map[float64]string{6: "6.0", 2.5: "2.5", 1e7: "1.0E7", 1.5e-5: "1.5E-5", 0: "0.0", -3: "-3.0", 123456.75: "123456.75"} {
		if got := javaDouble(in); got != want {
			t.Errorf("javaDouble(%v) = %q, want %q", in, got, want)
		}
	}
}
