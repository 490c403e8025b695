package silver

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseUnion(t *testing.T) {
	v, err := parseUnion(`"+1 LAP"`, true)
	require.NoError(t, err)
	assert.Equal(t, unionValue{kind: unionLaps, laps: 1}, v)
	v, err = parseUnion(`"+12 laps"`, true)
	require.NoError(t, err)
	assert.Equal(t, int32(12), v.laps)
	v, err = parseUnion(`"+1.234"`, true)
	require.NoError(t, err)
	assert.Equal(t, unionValue{kind: unionNumber, seconds: 1.234}, v)
	v, err = parseUnion(`12.5`, true)
	require.NoError(t, err)
	assert.Equal(t, 12.5, v.seconds)
	v, err = parseUnion(`null`, true)
	require.NoError(t, err)
	assert.Equal(t, unionNull, v.kind)
	v, err = parseUnion(``, false)
	require.NoError(t, err)
	assert.Equal(t, unionNull, v.kind)
	v, err = parseUnion(`[90.1, null, 88]`, true)
	require.NoError(t, err)
	require.Len(t, v.phases, 3)
	assert.Equal(t, 90.1, *v.phases[0])
	assert.Nil(t, v.phases[1])
	ms, err := v.phaseMS(2)
	require.NoError(t, err)
	assert.Equal(t, some(int64(88_000)), ms)

	for _, bad := range []string{`"DNF"`, `[1,2,3,4]`, `[]`, `["+1 LAP"]`, `{"a":1}`, `true`} {
		_, err := parseUnion(bad, true)
		assert.Error(t, err, bad)
	}
	_, _, err = unionValue{kind: unionArray}.gapSeconds()
	assert.Error(t, err)
}

func TestSecondsToMS(t *testing.T) {
	for s, want := range map[float64]int64{82.15899999999999: 82_159, 0.0005: 1, 90.0: 90_000, 1.2344: 1_234} {
		got, ok := secondsToMS(s)
		assert.True(t, ok)
		assert.Equal(t, want, got, s)
	}
	_, ok := secondsToMS(1e13)
	assert.False(t, ok)
}
