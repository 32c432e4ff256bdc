package cost

import (
	"slices"
	"strings"
	"testing"
)

func TestEmbeddedTable(t *testing.T) {
	p := usEast1(t)
	if p.Region != "us-east-1" || p.Currency != "USD" || p.Date != "2025" || len(p.Notes) != 0 {
		t.Errorf("us-east-1 = %+v, want Region/Currency/Date us-east-1/USD/2025 and no notes", p)
	}
	for _, sec := range []string{secStandard, secExpress, secLambda, secS3} {
		if p.Sources[sec] == "" {
			t.Errorf("no source for %s", sec)
		}
	}
	want := []string{"ap-northeast-2", "ap-south-1", "eu-west-3", "sa-east-1", "us-east-1", "us-gov-east-1", "us-gov-west-1", "us-west-1"}
	if got := Regions(); !slices.Equal(got, want) {
		t.Errorf("Regions() = %q, want %q", got, want)
	}
}

func TestRegionalPrices(t *testing.T) {
	tests := []struct {
		region     string
		transition string // per transition
		note       string // substring of the only note; "" for none
	}{
		{"us-east-1", "0.000025", ""},
		{"", "0.000025", ""}, // default Region
		{"US-West-1", "0.0000279", "no Express, Lambda and S3 prices"},
		{"sa-east-1", "0.0000375", "using us-east-1 prices"},
		{"us-gov-west-1", "0.00003", "using us-east-1 prices"},
		{"us-gov-east-1", "0.00003", "using us-east-1 prices"},
		{"eu-west-3", "0.0000297", "using us-east-1 prices"},
		{"ap-northeast-2", "0.0000271", "using us-east-1 prices"},
		{"ap-south-1", "0.0000285", "using us-east-1 prices"},
		{"mars-north-1", "0.000025", "no Standard transitions, Express, Lambda and S3 prices"},
	}
	for _, tc := range tests {
		t.Run(tc.region, func(t *testing.T) {
			p, err := LoadPrices(tc.region, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := NewAmount(p.transition).Decimal(); got != tc.transition {
				t.Errorf("transition price = %s, want %s", got, tc.transition)
			}
			switch {
			case tc.note == "" && len(p.Notes) != 0:
				t.Errorf("notes = %q, want none", p.Notes)
			case tc.note != "" && (len(p.Notes) != 1 || !strings.Contains(p.Notes[0], tc.note)):
				t.Errorf("notes = %q, want one containing %q", p.Notes, tc.note)
			}
		})
	}
}

// TestUnknownRegionBill: an unknown Region is billed at us-east-1 prices and
// the bill carries the note, so that the report can show it.
func TestUnknownRegionBill(t *testing.T) {
	p, err := LoadPrices("mars-north-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	b := Price(exampleUsage(1_000_000, 200, true), p, false)
	if b.Total.String() != "$26.93" {
		t.Errorf("total = %s, want us-east-1's $26.93", b.Total)
	}
	if len(b.Notes) != 1 || !strings.Contains(b.Notes[0], "mars-north-1") || !strings.Contains(b.Notes[0], "us-east-1") {
		t.Errorf("notes = %q, want one naming mars-north-1 and us-east-1", b.Notes)
	}
}

func TestOverrideMerging(t *testing.T) {
	tests := []struct {
		name     string
		region   string
		override string
		check    func(t *testing.T, p *Prices)
	}{
		{"one price, rest kept", "us-east-1",
			`{"standard": {"regions": {"us-east-1": {"transitionsPer1000": "0.05"}}}}`,
			func(t *testing.T, p *Prices) {
				wantDec(t, "transition", p.transition, "0.00005")
				wantDec(t, "express request", p.expressRequest, "0.000001")
				wantDec(t, "free transitions", p.freeTransitions, "4000")
				wantDec(t, "lambda x86 tier 2", p.lambdaTiers[ArchX86][1].price, "0.000015")
			}},
		{"JSON numbers accepted", "us-east-1",
			`{"date": "2026-11-27", "standard": {"freeTransitionsPerMonth": 0}, "s3": {"regions": {"us-east-1": {"getPer1000": 0.00042}}}}`,
			func(t *testing.T, p *Prices) {
				if p.Date != "2026-11-27" {
					t.Errorf("date = %q", p.Date)
				}
				wantDec(t, "free transitions", p.freeTransitions, "0")
				wantDec(t, "S3 GET", p.s3Get, "0.00000042")
				wantDec(t, "S3 PUT", p.s3Put, "0.000005")
			}},
		{"tiers replaced wholesale", "us-east-1",
			`{"express": {"regions": {"us-east-1": {"durationTiers": [{"perGBHour": "0.05"}]}}}}`,
			func(t *testing.T, p *Prices) {
				if len(p.expressTiers) != 1 || p.expressTiers[0].upTo != nil {
					t.Fatalf("tiers = %v, want one open tier", p.expressTiers)
				}
				wantDec(t, "express tier", p.expressTiers[0].price, "0.05")
			}},
		{"new Region", "eu-west-1",
			`{"standard": {"regions": {"eu-west-1": {"transitionsPer1000": "0.025"}}},
			  "express": {"regions": {"eu-west-1": {"requestsPerMillion": "1.00", "durationTiers": [{"perGBHour": "0.07"}]}}}}`,
			func(t *testing.T, p *Prices) {
				wantDec(t, "express tier", p.expressTiers[0].price, "0.07")
				if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "no Lambda and S3 prices") {
					t.Errorf("notes = %q, want Lambda and S3 borrowed", p.Notes)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := LoadPrices(tc.region, []byte(tc.override))
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, p)
		})
	}
	// The embedded table must not be changed by an override.
	wantDec(t, "transition after overrides", usEast1(t).transition, "0.000025")
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct{ override, want string }{
		{`{`, "not valid JSON"},
		{`{} {}`, "extra data"},
		{`[1]`, "/: expected a JSON object"},
		{`{"rounding": {}}`, "/rounding: the rounding rules are fixed"},
		{`{"currency": "EUR"}`, `/currency: only "USD" is supported`},
		{`{"date": 2025}`, `/date: expected a string such as "2025", got the number 2025`},
		{`{"lambda": {"foo": 1}}`, "/lambda/foo: unknown field; expected one of source, freeRequestsPerMonth"},
		{`{"standard": {"regions": {"us-east-1": {"transitionsPer1000": "abc"}}}}`,
			`/standard/regions/us-east-1/transitionsPer1000: expected a non-negative decimal such as "0.025", got the string "abc"`},
		{`{"standard": {"regions": {"us-east-1": {"transitionsPer1000": -0.1}}}}`,
			"/standard/regions/us-east-1/transitionsPer1000: expected a non-negative decimal"},
		{`{"standard": {"regions": {"a/b": {"transitionsPer1000": true}}}}`,
			"/standard/regions/a~1b/transitionsPer1000: expected a non-negative decimal such as \"0.025\", got a boolean"},
		{`{"standard": {"regions": []}}`, "/standard/regions: expected an object, got an array"},
		{`{"express": {"regions": {"eu-west-1": {"requestsPerMillion": "1"}}}}`,
			"/express/regions/eu-west-1/durationTiers: missing; expected an array of tiers"},
		{`{"express": {"regions": {"us-east-1": {"durationTiers": []}}}}`,
			"/express/regions/us-east-1/durationTiers: expected an array of tiers"},
		{`{"express": {"regions": {"us-east-1": {"durationTiers": [{"upToGBHours": "5", "perGBHour": "1"}, {"upToGBHours": "5", "perGBHour": "1"}, {"perGBHour": "1"}]}}}}`,
			"/express/regions/us-east-1/durationTiers/1/upToGBHours: expected a bound greater than the previous tier's (5)"},
		{`{"express": {"regions": {"us-east-1": {"durationTiers": [{"upToGBHours": "5", "perGBHour": "1"}]}}}}`,
			"/express/regions/us-east-1/durationTiers/0/upToGBHours: the last tier must be open-ended"},
		{`{"express": {"regions": {"us-east-1": {"durationTiers": [{"perGBHour": "1"}, {"perGBHour": "1"}]}}}}`,
			"/express/regions/us-east-1/durationTiers/0/upToGBHours: missing"},
		{`{"lambda": {"regions": {"us-east-1": {"durationTiers": {"riscv": []}}}}}`,
			"/lambda/regions/us-east-1/durationTiers/riscv: unknown field; expected one of x86_64, arm64"},
		{`{"defaultRegion": "eu-west-1"}`, `/defaultRegion: "eu-west-1" has no entry in /standard/regions`},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			_, err := LoadPrices("us-east-1", []byte(tc.override))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LoadPrices(%s) error = %v, want it to contain %q", tc.override, err, tc.want)
			}
		})
	}
}

// TestOverrideErrorsAll: every problem is reported at once.
func TestOverrideErrorsAll(t *testing.T) {
	_, err := LoadPrices("", []byte(`{"lambda": {"freeRequestsPerMonth": "x"}, "s3": {"regions": {"us-east-1": {"getPer1000": null}}}}`))
	if err == nil {
		t.Fatal("no error")
	}
	for _, s := range []string{"/lambda/freeRequestsPerMonth:", "/s3/regions/us-east-1/getPer1000: expected a non-negative decimal such as \"0.0004\", got null"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q lacks %q", err, s)
		}
	}
}

func TestPointerJoin(t *testing.T) {
	tests := []struct{ ptr, key, want string }{
		{"", "a", "/a"},
		{"/a", "b/c", "/a/b~1c"},
		{"/a", "m~n", "/a/m~0n"},
	}
	for _, tc := range tests {
		if got := pointerJoin(tc.ptr, tc.key); got != tc.want {
			t.Errorf("pointerJoin(%q, %q) = %q, want %q", tc.ptr, tc.key, got, tc.want)
		}
	}
}
