-- mod_s2s_routes: static server-to-server routes for the throwaway Prosody
-- 0.12 of tests/xmpp/prosody.sh, so that two instances on loopback federate
-- without DNS and without /etc/hosts.
--
-- Prosody 0.12 has no option naming the address of a remote domain: mod_s2s
-- always resolves _xmpp-server._tcp.<domain> (then <domain>:5269) through
-- net.resolvers.service.  This module replaces that resolver's constructor
-- (mod_s2s looks it up at each new connection) for the domains listed in the
-- file named by the option s2s_routes_file, one "domain address port" per
-- line, read at every new outgoing connection so that routes may be added
-- while the server runs (prosody.sh route).  A domain not in the file gets
-- no target at all: a test server never asks the real DNS.  Dialback's
-- verification connections go through the same routes.

module:set_global();

local service = require "net.resolvers.service";
local manual = require "net.resolvers.manual";
local inet_pton = require "util.net".pton;

local routes_file = module:get_option_string("s2s_routes_file");
local original_new = service.new;

-- The route of one domain: address and port, or nil.
local function find_route(domain)
	local f = routes_file and io.open(routes_file);
	if not f then return nil; end
	local addr, port;
	for line in f:lines() do
		local d, a, p = line:match("^%s*(%S+)%s+(%S+)%s+(%d+)%s*$");
		if d and d:lower() == domain:lower() then
			addr, port = a, tonumber(p);
		end
	end
	f:close();
	return addr, port;
end

service.new = function (hostname, srv, conn_type, extra)
	if srv ~= "xmpp-server" and srv ~= "xmpps-server" then
		return original_new(hostname, srv, conn_type, extra);
	end
	local addr, port = find_route(hostname);
	local targets = {};
	-- Only plain s2s (STARTTLS) is routed; direct TLS gets no target.
	if addr and srv == "xmpp-server" then
		local family = #(inet_pton(addr) or "") == 16 and "6" or "4";
		targets[1] = { (conn_type or "tcp") .. family, addr, port, extra };
		module:log("debug", "s2s route for %s: %s port %d", hostname, addr, port);
	elseif srv == "xmpp-server" then
		module:log("warn", "no s2s route for %s in %s", hostname, tostring(routes_file));
	end
	local resolver = manual.new(targets, conn_type, extra);
	resolver.hostname = hostname; -- named in net.connect's log lines
	resolver.last_error = addr == nil and "no static s2s route" or nil;
	return resolver;
end

function module.unload()
	service.new = original_new;
end

-- prosody.sh waits for this line: once it is logged every host and every
-- port is set up (a port that could not be bound has been logged).
module:hook("server-started", function ()
	module:log("info", "msgsc harness: server started");
end);
