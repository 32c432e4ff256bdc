package cost

import (
	"math"
	"math/big"
	"strings"
	"testing"
)

func wantDec(t *testing.T, what string, r *big.Rat, want string) {
	t.Helper()
	if got := formatDecimal(r); got != want {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func TestExpressMemoryMB(t *testing.T) {
	tests := []struct {
		in   float64
		want int
	}{
		{0, 64},
		{-5, 64},
		{math.NaN(), 64},
		{1, 64},
		{62.85, 64}, // the PRICE example: 50 MB + 50 KB + 32 KB × 400
		{64, 64},
		{64.001, 128},
		{128, 128},
		{129, 192},
	}
	for _, tc := range tests {
		if got := ExpressMemoryMB(tc.in); got != tc.want {
			t.Errorf("ExpressMemoryMB(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestUsageTimes(t *testing.T) {
	one := exampleUsage(10_000, 20_000, true)
	one.S3Gets, one.S3Lists, one.S3Puts = 1, 2, 3
	got, err := one.Times(30)
	if err != nil {
		t.Fatal(err)
	}
	if got.StandardTransitions != 30*10_001 || got.ExpressRequests != 300_000 || got.ExpressBilledMs != 30*10_000*20_100 ||
		got.ExpressMemoryMB != 64 || got.S3Gets != 30 || got.S3Lists != 60 || got.S3Puts != 90 {
		t.Errorf("Times(30) = %+v", got)
	}
	if l := got.Lambda[0]; l.Requests != 300_000 || l.BilledMs != 30*10_000*20_000 || l.MemoryMB != 128 {
		t.Errorf("Times(30).Lambda = %+v", l)
	}
	if one.Lambda[0].Requests != 10_000 {
		t.Error("Times changed its receiver's Lambda slice")
	}
	// 30 runs cost 30 × one run, exactly.
	p := usEast1(t)
	once := Price(one, p, false).Total
	if thirty := Price(got, p, false).Total; thirty.Cmp(once.Mul(big.NewRat(30, 1))) != 0 {
		t.Errorf("30 runs = %s, want 30 × %s (all within tier 1)", thirty.Decimal(), once.Decimal())
	}
}

func TestUsageValidate(t *testing.T) {
	tests := []struct {
		name  string
		usage Usage
		want  string // "" for valid
	}{
		{"example", exampleUsage(10, 200, true), ""},
		{"empty", Usage{}, ""},
		{"negative", Usage{S3Gets: -1}, "S3Gets is -1"},
		{"memory", Usage{ExpressBilledMs: 100, ExpressMemoryMB: 100}, "ExpressMemoryMB is 100"},
		{"arch", Usage{Lambda: []LambdaUsage{{Name: "f", Arch: "x86"}}}, `Lambda[0] (f).Arch is "x86"`},
		{"lambda memory", Usage{Lambda: []LambdaUsage{{Name: "f", BilledMs: 5}}}, "Lambda[0] (f).MemoryMB is 0"},
	}
	for _, tc := range tests {
		err := tc.usage.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestUsageTimesOverflow(t *testing.T) {
	u := Usage{StandardTransitions: 1_000_001, Lambda: []LambdaUsage{{Requests: 1, BilledMs: 200_000_000}}}
	if _, err := u.Times(100_000_000_000); err == nil {
		t.Error("200,000,000 ms × 10^11 runs did not overflow")
	}
	if _, err := u.Times(1_000_000); err != nil {
		t.Errorf("a million runs: %v", err)
	}
}
