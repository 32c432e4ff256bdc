package cost

import "math/big"

// portion is the part of a usage interval that falls into one tier.
type portion struct {
	index int // tier index, for the line label
	qty   *big.Rat
	price *big.Rat
}

// splitTiers cuts the usage interval [lo, hi) of a month's cumulative usage
// into the tiers it crosses. Using intervals (not just a total) lets the same
// code bill gross usage [0, total) and the free tier [0, free), so that a
// free allowance is taken from the first, most expensive tier as AWS applies
// it.
func splitTiers(lo, hi *big.Rat, tiers []tier) []portion {
	var out []portion
	floor := new(big.Rat)
	for i, t := range tiers {
		start := maxRat(lo, floor)
		end := hi
		if t.upTo != nil {
			end = minRat(hi, t.upTo)
		}
		if q := new(big.Rat).Sub(end, start); q.Sign() > 0 {
			out = append(out, portion{index: i, qty: q, price: t.price})
		}
		if t.upTo == nil {
			break
		}
		floor = t.upTo
	}
	return out
}

// tierLabel names tier i the way the pricing pages do: "first 1,000 GB-h",
// "next 4,000 GB-h", "over 5,000 GB-h".
func tierLabel(tiers []tier, i int, unit string) string {
	t := tiers[i]
	switch {
	case t.upTo == nil && i == 0:
		return "all " + unit
	case t.upTo == nil:
		return "over " + groupThousands(formatDecimal(tiers[i-1].upTo)) + " " + unit
	case i == 0:
		return "first " + groupThousands(formatDecimal(t.upTo)) + " " + unit
	default:
		width := new(big.Rat).Sub(t.upTo, tiers[i-1].upTo)
		return "next " + groupThousands(formatDecimal(width)) + " " + unit
	}
}

func minRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

func maxRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}
