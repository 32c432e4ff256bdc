package cost

import (
	"encoding/json"
	"math/big"
	"testing"
)

func rat(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("bad test rational %q", s)
	}
	return r
}

func TestAmountString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "$0.00"},
		{"0.005", "$0.01"},
		{"0.004999", "$0.00"},
		{"0.015", "$0.02"},
		{"26.9291925", "$26.93"},
		{"26.212525", "$26.21"},
		{"482.969444444444444444", "$482.97"},
		{"1234.565", "$1,234.57"},
		{"1000000", "$1,000,000.00"},
		{"-0.005", "-$0.01"}, // credits mirror charges
		{"-0.2", "-$0.20"},
		{"-0.004", "$0.00"}, // no "-$0.00"
		{"1/3", "$0.33"},
	}
	for _, tc := range tests {
		if got := NewAmount(rat(t, tc.in)).String(); got != tc.want {
			t.Errorf("String(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := (Amount{}).String(); got != "$0.00" {
		t.Errorf("zero Amount String = %q, want $0.00", got)
	}
}

func TestAmountDisplay(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "$0.00"},
		{"0.004", "<$0.01"},
		{"0.005", "$0.01"},
		{"-0.004", "$0.00"},
	}
	for _, tc := range tests {
		if got := NewAmount(rat(t, tc.in)).Display(); got != tc.want {
			t.Errorf("Display(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAmountDecimal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"},
		{"26.9291925", "26.9291925"},
		{"100", "100"},
		{"0.250", "0.25"},
		{"-0.20", "-0.2"},
		{"1/1000000", "0.000001"},
		{"1/3", "0.333333333333"},               // repeating: 12 places
		{"2/3", "0.666666666667"},               // …rounded half-up
		{"-1/3000000000000000", "0"},            // rounds to zero: no "-0"
		{"1/1048576", "0.00000095367431640625"}, // terminating: exact, however long
	}
	for _, tc := range tests {
		if got := NewAmount(rat(t, tc.in)).Decimal(); got != tc.want {
			t.Errorf("Decimal(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAmountArithmetic(t *testing.T) {
	a := NewAmount(rat(t, "0.1"))
	b := NewAmount(rat(t, "0.2"))
	if got := a.Add(b).Decimal(); got != "0.3" { // exact, unlike float64
		t.Errorf("0.1+0.2 = %s, want 0.3", got)
	}
	if got := a.Sub(b).Decimal(); got != "-0.1" {
		t.Errorf("0.1-0.2 = %s, want -0.1", got)
	}
	if got := b.Neg().Decimal(); got != "-0.2" {
		t.Errorf("Neg(0.2) = %s", got)
	}
	if got := a.Mul(big.NewRat(3, 1)).Decimal(); got != "0.3" {
		t.Errorf("0.1×3 = %s", got)
	}
	if a.Cmp(b) != -1 || b.Cmp(a) != 1 || a.Cmp(a) != 0 || !(Amount{}).IsZero() {
		t.Error("Cmp/IsZero disagree with the values")
	}
	// Immutability: operations never change their operands.
	if a.Decimal() != "0.1" || b.Decimal() != "0.2" {
		t.Errorf("operands changed: a=%s b=%s", a.Decimal(), b.Decimal())
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"26.9291925", "26.9291925", true},
		{"-0.20", "-0.2", true},
		{"1e-6", "0.000001", true},
		{"1/3", "", false},
		{"$1", "", false},
		{"", "", false},
		{"--1", "", false},
	}
	for _, tc := range tests {
		a, err := ParseAmount(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseAmount(%q) error = %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if tc.ok && a.Decimal() != tc.want {
			t.Errorf("ParseAmount(%q) = %s, want %s", tc.in, a.Decimal(), tc.want)
		}
	}
}

func TestAmountJSON(t *testing.T) {
	in := map[string]Amount{"total": NewAmount(rat(t, "26.9291925"))}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"total":"26.9291925"}` {
		t.Errorf("JSON = %s, want a decimal string", b)
	}
	var out map[string]Amount
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out["total"].Cmp(in["total"]) != 0 {
		t.Errorf("round trip = %s", out["total"].Decimal())
	}
}
