package cost

import (
	"math/big"
	"strings"
)

// Amount is an exact amount of money in the table's currency (USD).
// The zero value is $0. Amounts are immutable: every operation returns a new
// value, so sharing one between lines and totals is safe.
type Amount struct {
	r *big.Rat // nil means zero, so that Amount{} is usable
}

// NewAmount returns an Amount equal to r (copied).
func NewAmount(r *big.Rat) Amount {
	if r == nil {
		return Amount{}
	}
	return Amount{new(big.Rat).Set(r)}
}

// ParseAmount reads a decimal string such as "26.9291925" or "-0.20".
func ParseAmount(s string) (Amount, error) {
	neg := strings.HasPrefix(s, "-")
	r, err := parseDecimal(strings.TrimPrefix(s, "-"))
	if err != nil {
		return Amount{}, err
	}
	if neg {
		r.Neg(r)
	}
	return Amount{r}, nil
}

// rat returns the value for reading only; callers must not modify it.
func (a Amount) rat() *big.Rat {
	if a.r == nil {
		return new(big.Rat)
	}
	return a.r
}

// Rat returns a copy of the exact value.
func (a Amount) Rat() *big.Rat { return new(big.Rat).Set(a.rat()) }

// Add returns a + b.
func (a Amount) Add(b Amount) Amount { return Amount{new(big.Rat).Add(a.rat(), b.rat())} }

// Sub returns a - b.
func (a Amount) Sub(b Amount) Amount { return Amount{new(big.Rat).Sub(a.rat(), b.rat())} }

// Neg returns -a.
func (a Amount) Neg() Amount { return Amount{new(big.Rat).Neg(a.rat())} }

// Mul returns a × q, e.g. a unit price times a quantity.
func (a Amount) Mul(q *big.Rat) Amount { return Amount{new(big.Rat).Mul(a.rat(), q)} }

// Cmp compares a and b like big.Rat.Cmp: -1, 0 or +1.
func (a Amount) Cmp(b Amount) int { return a.rat().Cmp(b.rat()) }

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int { return a.rat().Sign() }

// IsZero reports whether a is exactly $0.
func (a Amount) IsZero() bool { return a.Sign() == 0 }

// String rounds to cents, half-up (half away from zero for credits), and
// groups thousands: "$26.93", "$1,234.57", "-$0.20". Only displayed values
// are rounded; sums are made on exact values first.
func (a Amount) String() string {
	s := fixed(a.rat(), 2)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	return sign + "$" + groupThousands(s)
}

// Display is String except that a positive amount too small to show as a
// cent reads "<$0.01" instead of a misleading "$0.00" (the spec's text
// convention).
func (a Amount) Display() string {
	s := a.String()
	if a.Sign() > 0 && s == "$0.00" {
		return "<$0.01"
	}
	return s
}

// Decimal is the exact value as a decimal string without trailing zeros, for
// JSON ("26.9291925"), however many digits that takes. Values with no finite
// decimal form (GB-hour conversions) are rounded half-up to 12 fractional
// digits.
func (a Amount) Decimal() string { return formatDecimal(a.rat()) }

// MarshalText writes Decimal, so encoding/json emits money as a decimal
// string that no JSON reader will turn into a float.
func (a Amount) MarshalText() ([]byte, error) { return []byte(a.Decimal()), nil }

// UnmarshalText reads what MarshalText wrote.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
