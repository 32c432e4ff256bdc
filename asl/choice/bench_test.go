package choice

import "testing"

// BenchmarkSelect measures the AWS "Choice" page example on an input that reaches its third rule: the per-item
// cost of a Choice state in a simulated Map.
func BenchmarkSelect(b *testing.B) {
	rules, err := CompileChoices(node(b, `[
		{"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
		{"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
		{"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}], "Next": "ValueInTwenties"}]`))
	if err != nil {
		b.Fatal(err)
	}
	input := value(b, `{"type": "Private", "value": 22}`)
	b.ReportAllocs()
	for b.Loop() {
		if i, err := Select(rules, input, nil, nil); i != 2 || err != nil {
			b.Fatal(i, err)
		}
	}
}
