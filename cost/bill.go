package cost

import (
	"fmt"
	"math/big"
)

// Services as they appear in Line.Service.
const (
	ServiceStepFunctions = "Step Functions"
	ServiceLambda        = "Lambda"
	ServiceS3            = "S3"
)

// Line is one row of a bill: Amount = Quantity × UnitPrice, exactly.
type Line struct {
	Service   string `json:"service"`
	Item      string `json:"item"`
	Quantity  string `json:"quantity"`  // exact decimal (repeating decimals cut at 12 places); negative on free-tier lines
	Unit      string `json:"unit"`      // singular: "transition", "request", "GB-hour", "GB-second"
	UnitPrice Amount `json:"unitPrice"` // per single Unit
	Amount    Amount `json:"amount"`    // unrounded
}

// Bill is a month's priced usage.
type Bill struct {
	Lines []Line
	Total Amount // sum of the unrounded lines; rounded only when displayed
	Notes []string
}

// Price bills a month's usage; freeTier subtracts the monthly free tiers
// (an account with no other usage).
//
// The free tier is shown as its own negative line after the usage it
// reduces rather than as a reduced quantity: the free tier belongs to the
// account, not to the workflow, so a reader comparing workflows needs the
// gross figure, and a separate credit line shows both while the lines still
// add up to the total.
func Price(u Usage, p *Prices, freeTier bool) *Bill {
	b := &biller{bill: &Bill{Notes: append([]string(nil), p.Notes...)}, p: p, free: freeTier}
	b.standard(u)
	b.express(u)
	b.lambda(u)
	b.s3(u)
	for _, l := range b.bill.Lines {
		b.bill.Total = b.bill.Total.Add(l.Amount)
	}
	return b.bill
}

type biller struct {
	bill *Bill
	p    *Prices
	free bool
}

// add appends a line unless its quantity is zero (nothing used, nothing to show).
func (b *biller) add(service, item string, qty *big.Rat, unit string, unitPrice *big.Rat) {
	if qty.Sign() == 0 {
		return
	}
	price := NewAmount(unitPrice)
	b.bill.Lines = append(b.bill.Lines, Line{
		Service:   service,
		Item:      item,
		Quantity:  formatDecimal(qty),
		Unit:      unit,
		UnitPrice: price,
		Amount:    price.Mul(qty),
	})
}

func (b *biller) note(format string, args ...any) {
	b.bill.Notes = append(b.bill.Notes, fmt.Sprintf(format, args...))
}

func (b *biller) standard(u Usage) {
	n := ratInt(u.StandardTransitions)
	b.add(ServiceStepFunctions, "Standard state transitions", n, "transition", b.p.transition)
	if b.free {
		used := minRat(n, b.p.freeTransitions)
		b.add(ServiceStepFunctions, "Standard transitions free tier ("+groupThousands(formatDecimal(b.p.freeTransitions))+" per month)",
			neg(used), "transition", b.p.transition)
	}
}

func (b *biller) express(u Usage) {
	b.add(ServiceStepFunctions, "Express requests", ratInt(u.ExpressRequests), "request", b.p.expressRequest)
	if u.ExpressBilledMs == 0 {
		return
	}
	mem := u.ExpressMemoryMB
	if mem < 64 || mem%64 != 0 {
		mem = max(64, (mem+63)/64*64) // integer form of ExpressMemoryMB
		b.note("Express memory %d MB is not a positive multiple of 64 MB; billed as %d MB (Express bills memory in 64 MB chunks, minimum 64).", u.ExpressMemoryMB, mem)
	}
	// GB-hours = ms/1,000 × MB/1,024 / 3,600, kept exact (it repeats in
	// decimal); the spec prices Express duration per GB-hour.
	gbh := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(u.ExpressBilledMs), big.NewInt(int64(mem))),
		big.NewInt(1000*1024*3600))
	for _, part := range splitTiers(new(big.Rat), gbh, b.p.expressTiers) {
		b.add(ServiceStepFunctions, "Express duration, "+tierLabel(b.p.expressTiers, part.index, "GB-h"),
			part.qty, "GB-hour", part.price)
	}
	if b.free {
		b.note("Express workflows have no published free tier; Express lines are billed in full.")
	}
}

func (b *biller) lambda(u Usage) {
	requests := new(big.Rat)
	gbs := map[string]*big.Rat{ArchX86: new(big.Rat), ArchARM: new(big.Rat)}
	for _, l := range u.Lambda {
		requests.Add(requests, ratInt(l.Requests))
		arch := l.Arch
		switch arch {
		case ArchX86, ArchARM:
		case "":
			arch = ArchX86 // Lambda's default architecture
		default:
			b.note("Lambda function %q: unknown architecture %q; priced as %s (use %q or %q).", l.Name, l.Arch, ArchX86, ArchX86, ArchARM)
			arch = ArchX86
		}
		// GB-s = ms/1,000 × MB/1,024: exact, a terminating decimal.
		g := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(l.BilledMs), big.NewInt(int64(l.MemoryMB))), big.NewInt(1000*1024))
		gbs[arch].Add(gbs[arch], g)
	}
	b.add(ServiceLambda, "Lambda requests", requests, "request", b.p.lambdaRequest)
	if b.free {
		used := minRat(requests, b.p.freeLambdaRequests)
		b.add(ServiceLambda, "Lambda requests free tier ("+groupThousands(formatDecimal(b.p.freeLambdaRequests))+" per month)",
			neg(used), "request", b.p.lambdaRequest)
	}
	// One free GB-s allowance covers both architectures; it goes to x86_64
	// first, the dearer one, which is the most the account can save.
	pool := new(big.Rat).Set(b.p.freeLambdaGBs)
	for _, arch := range []string{ArchX86, ArchARM} {
		tiers := b.p.lambdaTiers[arch]
		for _, part := range splitTiers(new(big.Rat), gbs[arch], tiers) {
			b.add(ServiceLambda, "Lambda duration "+arch+", "+tierLabel(tiers, part.index, "GB-s"),
				part.qty, "GB-second", part.price)
		}
		if !b.free {
			continue
		}
		used := new(big.Rat).Set(minRat(gbs[arch], pool))
		pool.Sub(pool, used)
		for _, part := range splitTiers(new(big.Rat), used, tiers) {
			b.add(ServiceLambda, "Lambda duration "+arch+" free tier ("+groupThousands(formatDecimal(b.p.freeLambdaGBs))+" GB-s per month, both architectures)",
				neg(part.qty), "GB-second", part.price)
		}
	}
}

func (b *biller) s3(u Usage) {
	b.add(ServiceS3, "S3 GET requests", ratInt(u.S3Gets), "request", b.p.s3Get)
	b.add(ServiceS3, "S3 PUT, COPY, POST, LIST requests", ratInt(u.S3Puts+u.S3Lists), "request", b.p.s3Put)
}

func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

func neg(r *big.Rat) *big.Rat { return new(big.Rat).Neg(r) }
