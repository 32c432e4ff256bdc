package suggest

import (
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	fields := []string{"Next", "End", "Resource", "ResultSelector", "ResultPath", "TimeoutSeconds", "ErrorEquals"}
	tests := []struct{ name, want string }{
		{"Nxt", "Next"},
		{"next", "Next"},
		{"Resorce", "Resource"},
		{"ResultSelecter", "ResultSelector"},
		{"Error Equals", "ErrorEquals"},
		{"TimeoutSecond", "TimeoutSeconds"},
		{"Next", ""}, // the name itself is not a suggestion
		{"Banana", ""},
		{"X", ""},
		{"Timeout", "TimeoutSeconds"}, // an abbreviation of one candidate
		{"Result", ""},                // abbreviates two: no guess
	}
	for _, tt := range tests {
		if got := Closest(tt.name, fields); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"é", "e", 1}, {"abc", "abc", 0},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// BenchmarkClosestLargeMachine: a did-you-mean over the 10,000 state names
// of a large machine, as one broken Next asks for.
func BenchmarkClosestLargeMachine(b *testing.B) {
	names := make([]string, 10000)
	for i := range names {
		names[i] = "ProcessOrderStep" + strings.Repeat("x", i%40) + string(rune('A'+i%26))
	}
	for b.Loop() {
		Closest("ProcessOrdrStepxxA", names)
	}
}
