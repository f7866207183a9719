// The server's input limits (@progboard/domain, which the API's inputs are built from), so inputs
// stop where it would refuse.
export { LIMITS } from "@progboard/domain";
