package openf1test

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// serveToken answers POST /token (API.md §5.2): a form with username and
// password gives {"expires_in":"3600","access_token":...,"token_type":"bearer"}.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) int {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeDetail(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return http.StatusMethodNotAllowed
	}
	if err := r.ParseForm(); err != nil {
		writeDetail(w, http.StatusBadRequest, "There was an error parsing the body")
		return http.StatusBadRequest
	}
	user, pass := r.PostForm.Get("username"), r.PostForm.Get("password")
	var missing []string
	if user == "" {
		missing = append(missing, "username")
	}
	if pass == "" {
		missing = append(missing, "password")
	}
	if len(missing) > 0 {
		// FastAPI's validation error for missing form fields.
		type item struct {
			Type  string   `json:"type"`
			Loc   []string `json:"loc"`
			Msg   string   `json:"msg"`
			Input any      `json:"input"`
		}
		var detail []item
		for _, f := range missing {
			detail = append(detail, item{Type: "missing", Loc: []string{"body", f}, Msg: "Field required"})
		}
		b, _ := json.Marshal(map[string]any{"detail": detail})
		writeJSON(w, http.StatusUnprocessableEntity, string(b))
		return http.StatusUnprocessableEntity
	}
	if !s.cfg.hasAccount ||
		subtle.ConstantTimeCompare([]byte(user), []byte(s.cfg.username)) != 1 ||
		subtle.ConstantTimeCompare([]byte(pass), []byte(s.cfg.password)) != 1 {
		w.Header().Set("WWW-Authenticate", "Bearer")
		writeDetail(w, http.StatusUnauthorized, BadCredentialsDetail)
		return http.StatusUnauthorized
	}
	token := s.IssueToken()
	secs := int(s.cfg.tokenLifetime.Seconds())
	var expires any = strconv.Itoa(secs)
	if s.cfg.expiresInNumber {
		expires = secs
	}
	b, _ := json.Marshal(struct {
		ExpiresIn   any    `json:"expires_in"`
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
	}{expires, token, "bearer"})
	writeJSON(w, http.StatusOK, string(b))
	return http.StatusOK
}

// IssueToken creates a token valid for the configured lifetime, as a
// successful POST /token would, and returns it.
func (s *Server) IssueToken() string {
	var b [48]byte
	_, _ = rand.Read(b[:])
	token := "pitwall." + base64.RawURLEncoding.EncodeToString(b[:])
	now := s.cfg.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = now.Add(s.cfg.tokenLifetime)
	s.stats.TokensIssued++
	return token
}

// ExpireTokens makes every token issued so far invalid, as if their hour
// had passed.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// authenticated reports whether r carries a valid, unexpired token.
func (s *Server) authenticated(r *http.Request) bool {
	token, ok := bearer(r)
	if !ok {
		return false
	}
	now := s.cfg.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[token]
	return ok && now.Before(exp)
}
