package tern

import (
	"net/http"
	"strings"
	"sync"
)

// node is one segment of a routing tree.
//
// A node's children are tried static first, then the parameter child, then
// the catch-all, so the most specific pattern wins whatever the order of
// registration.
type node struct {
	h        http.Handler
	once     sync.Once
	compiled http.Handler
	children []*node
	group    *Router // the group a route was registered on, if any
	pattern  string
	segment  string // static text; empty for parameter nodes
	param    string // name of a {name} or {name...} segment
	catchAll bool
	wildcard *node // the {name} child, if any
	rest     *node // the {name...} child, if any
}

// insert adds h at pattern and returns the handler already registered
// there, if any (which it leaves in place).
func (n *node) insert(pattern string, h http.Handler) http.Handler {
	cur := n
	for _, seg := range splitPattern(pattern) {
		cur = cur.child(seg)
	}
	if cur.h != nil {
		return cur.h
	}
	cur.h = h
	cur.pattern = pattern
	return nil
}

// handler returns the route's handler wrapped in its middleware chain,
// built on the first request. The router freezes at that point (Use
// panics), so the compiled chain cannot go stale.
func (n *node) handler(owner *Router) http.Handler {
	n.once.Do(func() { n.compiled = owner.chain(n.h) })
	return n.compiled
}

// owner records that the route at pattern belongs to group g.
func (n *node) owner(pattern string, g *Router) {
	cur := n
	for _, seg := range splitPattern(pattern) {
		cur = cur.child(seg)
	}
	cur.group = g
}

// child returns the child for the pattern segment seg, creating it.
func (n *node) child(seg string) *node {
	if name, ok := paramName(seg); ok {
		if strings.HasSuffix(name, "...") {
			if n.rest == nil {
				n.rest = &node{param: strings.TrimSuffix(name, "..."), catchAll: true}
			}
			return n.rest
		}
		if n.wildcard == nil {
			n.wildcard = &node{param: name}
		} else if n.wildcard.param != name {
			panic("tern: conflicting parameter names {" + n.wildcard.param + "} and {" + name + "}")
		}
		return n.wildcard
	}
	for _, c := range n.children {
		if c.segment == seg {
			return c
		}
	}
	c := &node{segment: seg}
	n.children = append(n.children, c)
	return c
}

// paramName reports whether seg is a parameter segment and returns its name.
func paramName(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// splitPattern splits "/users/{id}/orders" into its segments. The root
// pattern "/" has no segments.
func splitPattern(pattern string) []string {
	trimmed := strings.Trim(pattern, "/")
	if trimmed == "" {
		return nil
	}
	segs := strings.Split(trimmed, "/")
	if strings.HasSuffix(pattern, "/") && len(pattern) > 1 {
		segs = append(segs, "")
	}
	return segs
}

// match finds the node for path and the parameters it binds.
func (n *node) match(path string) (*node, params) {
	segs := splitPath(path)
	var ps params
	found := n.matchSegs(segs, &ps)
	if found == nil {
		return nil, nil
	}
	return found, ps
}

// splitPath splits a request path like splitPattern does, keeping empty
// segments: "/a//b" is "a", "", "b".
func splitPath(path string) []string {
	if path == "/" || path == "" {
		return nil
	}
	return strings.Split(strings.TrimPrefix(path, "/"), "/")
}

// matchSegs matches segs below n, most specific child first, and
// appends the parameters of the winning branch to ps.
func (n *node) matchSegs(segs []string, ps *params) *node {
	if len(segs) == 0 {
		if n.h != nil {
			return n
		}
		if n.rest != nil && n.rest.h != nil {
			*ps = append(*ps, param{name: n.rest.param})
			return n.rest
		}
		return nil
	}
	seg := segs[0]
	for _, c := range n.children {
		if c.segment == seg {
			if found := c.matchSegs(segs[1:], ps); found != nil {
				return found
			}
		}
	}
	if n.wildcard != nil {
		mark := len(*ps)
		*ps = append(*ps, param{name: n.wildcard.param, value: seg})
		if found := n.wildcard.matchSegs(segs[1:], ps); found != nil {
			return found
		}
		*ps = (*ps)[:mark]
	}
	if n.rest != nil && n.rest.h != nil {
		*ps = append(*ps, param{name: n.rest.param, value: strings.Join(segs, "/")})
		return n.rest
	}
	return nil
}
