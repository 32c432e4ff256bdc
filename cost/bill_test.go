package cost

import (
	"strings"
	"testing"
)

func usEast1(t *testing.T) *Prices {
	t.Helper()
	p, err := LoadPrices("us-east-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// exampleUsage builds the Distributed Map usage of spec §3 Examples 2 and 3:
// children Distributed Map children calling one x86 128 MB Lambda.
func exampleUsage(children int64, lambdaMs int64, express bool) Usage {
	u := Usage{
		StandardTransitions: 1 + children, // the Map state + one per child started
		Lambda: []LambdaUsage{{
			Name: "worker", Arch: ArchX86, MemoryMB: 128,
			Requests: children, BilledMs: children * lambdaMs,
		}},
	}
	if express {
		u.ExpressRequests = children
		u.ExpressBilledMs = children * (lambdaMs + 100) // child = Lambda time + 100 ms
		u.ExpressMemoryMB = 64
	} else {
		u.StandardTransitions += children // each child's one Task state
	}
	return u
}

func TestPriceSpecExamples(t *testing.T) {
	tests := []struct {
		name      string
		usage     Usage
		freeTier  bool
		total     string // displayed
		totalExct string // Decimal()
	}{
		{"1 Express", Usage{ExpressRequests: 100_000_000, ExpressBilledMs: 100_000_000 * 10_000, ExpressMemoryMB: 64},
			false, "$482.97", "482.969444444444"},
		{"2a unbatched EXPRESS", exampleUsage(1_000_000, 200, true), false, "$26.93", "26.9291925"},
		{"2a with free tier", exampleUsage(1_000_000, 200, true), true, "$26.21", "26.212525"},
		{"2b batched EXPRESS", exampleUsage(10_000, 20_000, true), false, "$0.89", "0.8880675"},
		{"2b with free tier", exampleUsage(10_000, 20_000, true), true, "$0.37", "0.3694"},
		{"3a unbatched STANDARD", exampleUsage(1_000_000, 200, false), false, "$50.62", "50.6166925"},
		{"3a with free tier", exampleUsage(1_000_000, 200, false), true, "$49.90", "49.900025"},
		{"3b batched STANDARD", exampleUsage(10_000, 20_000, false), false, "$0.92", "0.9186925"},
		{"3b with free tier", exampleUsage(10_000, 20_000, false), true, "$0.40", "0.400025"},
	}
	p := usEast1(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := Price(tc.usage, p, tc.freeTier)
			if got := b.Total.String(); got != tc.total {
				t.Errorf("total = %s, want %s\n%s", got, tc.total, dump(b))
			}
			if got := b.Total.Decimal(); got != tc.totalExct {
				t.Errorf("total = %s, want exactly %s", got, tc.totalExct)
			}
			var sum Amount
			for _, l := range b.Lines {
				sum = sum.Add(l.Amount)
			}
			if sum.Cmp(b.Total) != 0 {
				t.Errorf("total %s is not the sum of the lines %s", b.Total.Decimal(), sum.Decimal())
			}
		})
	}
}

// TestPriceExample1Lines checks every line of spec Example 1.
func TestPriceExample1Lines(t *testing.T) {
	b := Price(Usage{ExpressRequests: 100_000_000, ExpressBilledMs: 100_000_000 * 10_000, ExpressMemoryMB: 64}, usEast1(t), false)
	want := []struct{ item, qty, amount, shown string }{
		{"Express requests", "100000000", "100", "$100.00"},
		{"Express duration, first 1,000 GB-h", "1000", "60", "$60.00"},
		{"Express duration, next 4,000 GB-h", "4000", "120", "$120.00"},
		{"Express duration, over 5,000 GB-h", "12361.111111111111", "202.969444444444", "$202.97"},
	}
	checkLines(t, b, want)
}

func TestPriceExample2aLines(t *testing.T) {
	b := Price(exampleUsage(1_000_000, 200, true), usEast1(t), true)
	want := []struct{ item, qty, amount, shown string }{
		{"Standard state transitions", "1000001", "25.000025", "$25.00"},
		{"Standard transitions free tier (4,000 per month)", "-4000", "-0.1", "-$0.10"},
		{"Express requests", "1000000", "1", "$1.00"},
		{"Express duration, first 1,000 GB-h", "5.208333333333", "0.3125", "$0.31"},
		{"Lambda requests", "1000000", "0.2", "$0.20"},
		{"Lambda requests free tier (1,000,000 per month)", "-1000000", "-0.2", "-$0.20"},
		{"Lambda duration x86_64, first 6,000,000,000 GB-s", "25000", "0.4166675", "$0.42"},
		{"Lambda duration x86_64 free tier (400,000 GB-s per month, both architectures)", "-25000", "-0.4166675", "-$0.42"},
	}
	checkLines(t, b, want)
	if len(b.Notes) != 1 || !strings.Contains(b.Notes[0], "no published free tier") {
		t.Errorf("notes = %q, want one note about Express having no free tier", b.Notes)
	}
}

func TestPriceTierBoundaries(t *testing.T) {
	const gbHourMs = 3_600_000 // ms of 1 GB-hour at 1,024 MB
	const gbSecondMs = 1_000   // ms of 1 GB-second at 1,024 MB
	tests := []struct {
		name  string
		usage Usage
		want  []struct{ item, qty, amount, shown string }
	}{
		{"Express at 1,000 GB-h", Usage{ExpressBilledMs: 1000 * gbHourMs, ExpressMemoryMB: 1024},
			[]struct{ item, qty, amount, shown string }{
				{"Express duration, first 1,000 GB-h", "1000", "60", "$60.00"},
			}},
		{"Express at 1,000 GB-h at 64 MB", Usage{ExpressBilledMs: 16 * 1000 * gbHourMs, ExpressMemoryMB: 64},
			[]struct{ item, qty, amount, shown string }{
				{"Express duration, first 1,000 GB-h", "1000", "60", "$60.00"},
			}},
		{"Express 1 GB-h past 1,000", Usage{ExpressBilledMs: 1001 * gbHourMs, ExpressMemoryMB: 1024},
			[]struct{ item, qty, amount, shown string }{
				{"Express duration, first 1,000 GB-h", "1000", "60", "$60.00"},
				{"Express duration, next 4,000 GB-h", "1", "0.03", "$0.03"},
			}},
		{"Express at 5,000 GB-h", Usage{ExpressBilledMs: 5000 * gbHourMs, ExpressMemoryMB: 1024},
			[]struct{ item, qty, amount, shown string }{
				{"Express duration, first 1,000 GB-h", "1000", "60", "$60.00"},
				{"Express duration, next 4,000 GB-h", "4000", "120", "$120.00"},
			}},
		{"Express 1 GB-h past 5,000", Usage{ExpressBilledMs: 5001 * gbHourMs, ExpressMemoryMB: 1024},
			[]struct{ item, qty, amount, shown string }{
				{"Express duration, first 1,000 GB-h", "1000", "60", "$60.00"},
				{"Express duration, next 4,000 GB-h", "4000", "120", "$120.00"},
				{"Express duration, over 5,000 GB-h", "1", "0.01642", "$0.02"},
			}},
		{"x86 at 6B GB-s", lambdaOnly(ArchX86, 6_000_000_000*gbSecondMs),
			[]struct{ item, qty, amount, shown string }{
				{"Lambda duration x86_64, first 6,000,000,000 GB-s", "6000000000", "100000.2", "$100,000.20"},
			}},
		{"x86 at 15B GB-s", lambdaOnly(ArchX86, 15_000_000_000*gbSecondMs),
			[]struct{ item, qty, amount, shown string }{
				{"Lambda duration x86_64, first 6,000,000,000 GB-s", "6000000000", "100000.2", "$100,000.20"},
				{"Lambda duration x86_64, next 9,000,000,000 GB-s", "9000000000", "135000", "$135,000.00"},
			}},
		{"x86 1 GB-s past 15B", lambdaOnly(ArchX86, 15_000_000_001*gbSecondMs),
			[]struct{ item, qty, amount, shown string }{
				{"Lambda duration x86_64, first 6,000,000,000 GB-s", "6000000000", "100000.2", "$100,000.20"},
				{"Lambda duration x86_64, next 9,000,000,000 GB-s", "9000000000", "135000", "$135,000.00"},
				{"Lambda duration x86_64, over 15,000,000,000 GB-s", "1", "0.0000133334", "$0.00"},
			}},
		{"arm64 at 7.5B GB-s", lambdaOnly(ArchARM, 7_500_000_000*gbSecondMs),
			[]struct{ item, qty, amount, shown string }{
				{"Lambda duration arm64, first 7,500,000,000 GB-s", "7500000000", "100000.5", "$100,000.50"},
			}},
		{"arm64 at 18.75B GB-s", lambdaOnly(ArchARM, 18_750_000_000*gbSecondMs),
			[]struct{ item, qty, amount, shown string }{
				{"Lambda duration arm64, first 7,500,000,000 GB-s", "7500000000", "100000.5", "$100,000.50"},
				{"Lambda duration arm64, next 11,250,000,000 GB-s", "11250000000", "135001.125", "$135,001.13"},
			}},
		{"arm64 1 GB-s past 18.75B", lambdaOnly(ArchARM, 18_750_000_001*gbSecondMs),
			[]struct{ item, qty, amount, shown string }{
				{"Lambda duration arm64, first 7,500,000,000 GB-s", "7500000000", "100000.5", "$100,000.50"},
				{"Lambda duration arm64, next 11,250,000,000 GB-s", "11250000000", "135001.125", "$135,001.13"},
				{"Lambda duration arm64, over 18,750,000,000 GB-s", "1", "0.0000106667", "$0.00"},
			}},
	}
	p := usEast1(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkLines(t, Price(tc.usage, p, false), tc.want)
		})
	}
}

// lambdaOnly is usage of one 1,024 MB function with no requests, so that
// only duration lines appear.
func lambdaOnly(arch string, ms int64) Usage {
	return Usage{Lambda: []LambdaUsage{{Name: "f", Arch: arch, MemoryMB: 1024, BilledMs: ms}}}
}

func TestPriceLambdaFreeTierAcrossArchitectures(t *testing.T) {
	u := Usage{Lambda: []LambdaUsage{
		{Name: "a", Arch: ArchX86, MemoryMB: 1024, BilledMs: 100_000 * 1000},
		{Name: "b", Arch: ArchARM, MemoryMB: 1024, BilledMs: 1_000_000 * 1000},
	}}
	b := Price(u, usEast1(t), true)
	want := []struct{ item, qty, amount, shown string }{
		{"Lambda duration x86_64, first 6,000,000,000 GB-s", "100000", "1.66667", "$1.67"},
		{"Lambda duration x86_64 free tier (400,000 GB-s per month, both architectures)", "-100000", "-1.66667", "-$1.67"},
		{"Lambda duration arm64, first 7,500,000,000 GB-s", "1000000", "13.3334", "$13.33"},
		{"Lambda duration arm64 free tier (400,000 GB-s per month, both architectures)", "-300000", "-4.00002", "-$4.00"},
	}
	checkLines(t, b, want)
}

func TestPriceS3AndNotes(t *testing.T) {
	u := Usage{
		S3Gets: 1_000_000, S3Lists: 1000, S3Puts: 9000,
		ExpressBilledMs: 1000, ExpressMemoryMB: 100, // not a 64 MB multiple: billed as 128 MB
		Lambda: []LambdaUsage{{Name: "f", Arch: "sparc", MemoryMB: 1024, BilledMs: 1000}},
	}
	b := Price(u, usEast1(t), false)
	want := []struct{ item, qty, amount, shown string }{
		{"Express duration, first 1,000 GB-h", "0.000034722222", "0.000002083333", "$0.00"},
		{"Lambda duration x86_64, first 6,000,000,000 GB-s", "1", "0.0000166667", "$0.00"},
		{"S3 GET requests", "1000000", "0.4", "$0.40"},
		{"S3 PUT, COPY, POST, LIST requests", "10000", "0.05", "$0.05"},
	}
	checkLines(t, b, want)
	notes := strings.Join(b.Notes, "\n")
	for _, s := range []string{"billed as 128 MB", `unknown architecture "sparc"`} {
		if !strings.Contains(notes, s) {
			t.Errorf("notes %q lack %q", notes, s)
		}
	}
}

func TestPriceEmptyUsage(t *testing.T) {
	b := Price(Usage{}, usEast1(t), true)
	if len(b.Lines) != 0 || !b.Total.IsZero() {
		t.Errorf("empty usage billed %s with lines\n%s", b.Total, dump(b))
	}
}

func checkLines(t *testing.T, b *Bill, want []struct{ item, qty, amount, shown string }) {
	t.Helper()
	if len(b.Lines) != len(want) {
		t.Fatalf("got %d lines, want %d\n%s", len(b.Lines), len(want), dump(b))
	}
	for i, w := range want {
		l := b.Lines[i]
		if l.Item != w.item || l.Quantity != w.qty || l.Amount.Decimal() != w.amount || l.Amount.String() != w.shown {
			t.Errorf("line %d = %q %s → %s (%s), want %q %s → %s (%s)",
				i, l.Item, l.Quantity, l.Amount.Decimal(), l.Amount, w.item, w.qty, w.amount, w.shown)
		}
	}
}

func dump(b *Bill) string {
	var s strings.Builder
	for _, l := range b.Lines {
		s.WriteString(l.Service + " | " + l.Item + " | " + l.Quantity + " " + l.Unit + " × " + l.UnitPrice.Decimal() + " = " + l.Amount.Decimal() + "\n")
	}
	s.WriteString("total " + b.Total.Decimal())
	return s.String()
}
