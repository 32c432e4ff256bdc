package cost

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// maxFracDigits caps the digits Decimal prints for values that have no finite
// decimal form (terminating values are always printed exactly). Only GB-hour
// conversions (÷3,600) produce such values; 12 places is a picodollar, far
// below anything a bill can show.
const maxFracDigits = 12

var (
	bigTen  = big.NewInt(10)
	bigTwo  = big.NewInt(2)
	bigFive = big.NewInt(5)
)

// decimalPattern accepts plain decimal numbers (optionally with an exponent).
// big.Rat.SetString alone would also take "1/3" or hex, which a price table
// should never contain.
var decimalPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// parseDecimal reads a non-negative decimal number exactly.
func parseDecimal(s string) (*big.Rat, error) {
	if !decimalPattern.MatchString(s) {
		return nil, fmt.Errorf("%q is not a non-negative decimal number (write e.g. 0.025)", s)
	}
	// A price has a few dozen digits at most; a huge exponent would only
	// make exact arithmetic crawl.
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		if exp, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+")); err != nil || exp > 30 || exp < -30 {
			return nil, fmt.Errorf("%q has an exponent beyond ±30; write the price as a plain decimal (e.g. 0.0000166667)", s)
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("%q is not a decimal number (write e.g. 0.025)", s)
	}
	return r, nil
}

// roundHalfUp returns |x| × 10^places rounded half-up (i.e. half away from
// zero once the sign is put back) and the sign of x. Rounding the magnitude
// keeps a negative free-tier credit the mirror image of its positive line.
func roundHalfUp(x *big.Rat, places int) (*big.Int, int) {
	scale := new(big.Int).Exp(bigTen, big.NewInt(int64(places)), nil)
	num := new(big.Int).Abs(x.Num())
	num.Mul(num, scale)
	q, r := new(big.Int).QuoRem(num, x.Denom(), new(big.Int))
	if r.Mul(r, bigTwo).Cmp(x.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return q, x.Sign()
}

// fixed formats x with exactly places fractional digits, rounded half-up.
// Values that round to zero print without a minus sign.
func fixed(x *big.Rat, places int) string {
	q, sign := roundHalfUp(x, places)
	digits := q.String()
	if places > 0 {
		if len(digits) <= places {
			digits = strings.Repeat("0", places-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-places] + "." + digits[len(digits)-places:]
	}
	if sign < 0 && q.Sign() != 0 {
		digits = "-" + digits
	}
	return digits
}

// terminatingDigits reports how many fractional digits x needs to be written
// exactly, or false when its decimal expansion repeats forever (the reduced
// denominator has a prime factor other than 2 and 5).
func terminatingDigits(x *big.Rat) (int, bool) {
	d := new(big.Int).Set(x.Denom())
	m := new(big.Int)
	count := func(p *big.Int) int {
		n := 0
		for {
			q, r := new(big.Int).QuoRem(d, p, m)
			if r.Sign() != 0 {
				return n
			}
			d = q
			n++
		}
	}
	twos, fives := count(bigTwo), count(bigFive)
	if d.Cmp(big.NewInt(1)) != 0 {
		return 0, false
	}
	return max(twos, fives), true
}

// formatDecimal writes x in full precision without trailing zeros; repeating
// decimals are cut at maxFracDigits (half-up).
func formatDecimal(x *big.Rat) string {
	places, ok := terminatingDigits(x)
	if !ok {
		places = maxFracDigits
	}
	s := fixed(x, places)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// groupThousands inserts commas into the integer part of an unsigned decimal
// string, because the spec's text output writes money as $1,234.56.
func groupThousands(s string) string {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
