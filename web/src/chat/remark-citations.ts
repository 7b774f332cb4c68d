/**
 * A remark plugin that turns `[statement/24]` markers in Markdown text into
 * `<cite data-chunk-id="statement/24">` elements, which the answer renders as
 * chips. Markers inside code stay literal, since code is not a text node.
 */
import type { Root, Text } from "mdast";
import { visit } from "unist-util-visit";
import { splitCitations } from "../citations/citations.ts";

interface CitationNode {
  type: "citation";
  data: { hName: "cite"; hProperties: { dataChunkId: string } };
  children: [];
}

export function remarkCitations() {
  return (tree: Root) => {
    visit(tree, "text", (node: Text, index, parent) => {
      if (!parent || index === undefined) return;
      const segments = splitCitations(node.value);
      if (!segments.some((s) => s.type === "citation")) return;
      const replacement = segments.map((segment): Text | CitationNode =>
        segment.type === "text"
          ? { type: "text", value: segment.value }
          : { type: "citation", data: { hName: "cite", hProperties: { dataChunkId: segment.id } }, children: [] },
      );
      parent.children.splice(index, 1, ...(replacement as Text[]));
      return index + replacement.length;
    });
  };
}
