package cost

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"
)

// Prices are the unit prices for one Region, resolved from the price table.
// All prices are per single unit (one transition, one request, one GB-hour or
// GB-second) so that a bill line is simply quantity × unit price.
type Prices struct {
	Region   string
	Currency string
	Date     string            // when the table's prices were checked
	Sources  map[string]string // "standard", "express", "lambda", "s3" → where the prices come from
	// Notes explain prices borrowed from the default Region; Price copies
	// them into every Bill so that reports show them.
	Notes []string

	transition     *big.Rat
	expressRequest *big.Rat
	expressTiers   []tier // per GB-hour
	lambdaRequest  *big.Rat
	lambdaTiers    map[string][]tier // per GB-second, by architecture
	s3Get, s3Put   *big.Rat

	freeTransitions    *big.Rat
	freeLambdaRequests *big.Rat
	freeLambdaGBs      *big.Rat
}

var (
	thousand = big.NewRat(1000, 1)
	million  = big.NewRat(1000000, 1)
)

// LoadPrices resolves the prices of region (empty means the table's default,
// us-east-1) from the embedded table, with override (a JSON document of the
// table's shape, all or some fields; nil for none) merged over it. Sections
// that do not list region use the default Region's prices, and Notes says so.
func LoadPrices(region string, override []byte) (*Prices, error) {
	region, err := normalizeRegion(region)
	if err != nil {
		return nil, err
	}
	doc, err := embedded()
	if err != nil {
		return nil, fmt.Errorf("embedded price table cost/prices/aws.json: %w (fix the file and rebuild)", err)
	}
	if len(override) > 0 {
		over, err := parseJSON(override)
		if err != nil {
			return nil, fmt.Errorf("price override: %w", err)
		}
		if err := checkOverrideScope(over); err != nil {
			return nil, fmt.Errorf("price override: %w", err)
		}
		doc = mergeOverride(doc, over)
	}
	t, err := decodeTable(doc)
	if err != nil {
		if len(override) > 0 {
			return nil, fmt.Errorf("price override (merged over the embedded table):\n%w", err)
		}
		return nil, fmt.Errorf("embedded price table cost/prices/aws.json:\n%w", err)
	}
	return t.resolve(region), nil
}

// regionName is the shape of an AWS Region name: us-east-1, us-gov-west-1,
// ap-southeast-4, eusc-de-east-1.
var regionName = regexp.MustCompile(`^[a-z]{2,4}(-[a-z]+)+-[0-9]+$`)

// normalizeRegion lowercases a Region name and checks its shape, so that a
// typo is an error rather than a silent us-east-1 estimate.
func normalizeRegion(region string) (string, error) {
	region = strings.ToLower(strings.TrimSpace(region))
	if region != "" && !regionName.MatchString(region) {
		return "", fmt.Errorf("--region %q is not an AWS Region name; write one like us-east-1 or eu-west-3", region)
	}
	return region, nil
}

// resolve picks region's prices, falling back section by section to the
// default Region: the spec lists regional prices only for Standard
// transitions, and a partial estimate with a note beats no estimate.
func (t *table) resolve(region string) *Prices {
	if region == "" {
		region = t.defaultRegion
	}
	p := &Prices{
		Region:             region,
		Currency:           t.currency,
		Date:               t.date,
		Sources:            t.sources,
		freeTransitions:    t.freeTransitions,
		freeLambdaRequests: t.freeLambdaRequests,
		freeLambdaGBs:      t.freeLambdaGBs,
	}
	var borrowed []string
	pick := func(name string, has bool) string {
		if has {
			return region
		}
		borrowed = append(borrowed, name)
		return t.defaultRegion
	}

	_, ok := t.standard[region]
	std := t.standard[pick("Standard transitions", ok)]
	p.transition = new(big.Rat).Quo(std.per1000, thousand)

	_, ok = t.express[region]
	exp := t.express[pick("Express", ok)]
	p.expressRequest = new(big.Rat).Quo(exp.perMillion, million)
	p.expressTiers = exp.tiers

	_, ok = t.lambda[region]
	lam := t.lambda[pick("Lambda", ok)]
	p.lambdaRequest = new(big.Rat).Quo(lam.perMillion, million)
	p.lambdaTiers = map[string][]tier{}
	for arch, tiers := range t.lambda[t.defaultRegion].tiers {
		p.lambdaTiers[arch] = tiers
	}
	for arch, tiers := range lam.tiers {
		p.lambdaTiers[arch] = tiers // an override may give one architecture alone
	}

	_, ok = t.s3[region]
	s3 := t.s3[pick("S3", ok)]
	p.s3Get = new(big.Rat).Quo(s3.getPer1000, thousand)
	p.s3Put = new(big.Rat).Quo(s3.putPer1000, thousand)

	if len(borrowed) > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf(
			"Region %s: the price table (checked %s) has no %s prices for it; using %s prices instead (supply them with a price override to be exact).",
			region, t.date, joinList(borrowed), t.defaultRegion))
	}
	return p
}

// Regions lists the Regions the embedded table has any price for, sorted.
func Regions() []string {
	doc, err := embedded()
	if err != nil {
		return nil
	}
	t, err := decodeTable(doc)
	if err != nil {
		return nil
	}
	var out []string
	for _, names := range [][]string{sortedKeys(t.standard), sortedKeys(t.express), sortedKeys(t.lambda), sortedKeys(t.s3)} {
		for _, n := range names {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// joinList writes "a", "a and b" or "a, b and c".
func joinList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
