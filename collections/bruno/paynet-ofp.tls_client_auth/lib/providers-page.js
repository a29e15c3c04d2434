// ofm-postman 0.1.0 providers-page.js sha256:a045e818a4a98937587d740515917f61d7cc2244eae6d8481a3e83a514659776
"use strict";(()=>{var e=pm.variables.get("providers_next_page_params"),s=Number(pm.variables.get("providers_page_count")||"0");pm.request.url.query.remove(t=>t.key==="next_page_params",void 0);e&&s>0&&pm.request.url.query.add({key:"next_page_params",value:e});})();
