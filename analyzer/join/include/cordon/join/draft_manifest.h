// A draft data-flow manifest from a scan (`cordon report --scan SCAN.json
// --emit-manifest FILE`): one declared flow per distinct (source API, sink
// rule, endpoint) of the scan's exfiltration paths, each with a reason
// naming what it carries where and how severe the scan found it, so a title
// team starts from what its binary does and strikes what it should not do.
#pragma once

#include <string>

#include "cordon/flow/finding.h"
#include "cordon/support/error.h"

namespace cordon::join {

// The manifest as YAML. Endpoints are written as the scan reads them: a URL
// as host:port (its scheme's port), a bare host or address without a port; a
// path with no usable endpoint declares its source and sink on every
// destination, and says so. The text is loaded back (flow::parse_manifest)
// before it is returned: an error means a bug, never a half-valid file.
[[nodiscard]] Result<std::string> render_draft_manifest(const flow::ScanReport& scan,
                                                        const std::string& scan_name);

}  // namespace cordon::join
