/**
 * The arithmetic of dragging a row in an ordered admin list: where it lands for a drop before or
 * after each other row, and that the list shown meanwhile is the one the server will store.
 */
import { describe, expect, it } from "vitest";
import { dropIndex, moveItem } from "@/components/admin/drag-reorder";

const list = ["a", "b", "c", "d"].map((name, id) => ({ id, name }));
const names = (items: { name: string }[]) => items.map((item) => item.name).join("");
const drop = (from: number, over: number, after: boolean) =>
  names(moveItem(list, list[from]!.id, dropIndex(from, over, after)));

describe("dragging a row", () => {
  it("lands before or after the row it is dropped on, downwards and upwards", () => {
    expect(drop(0, 2, false)).toBe("bacd"); // a before c
    expect(drop(0, 2, true)).toBe("bcad"); // a after c
    expect(drop(0, 3, true)).toBe("bcda"); // a to the end
    expect(drop(3, 0, false)).toBe("dabc"); // d to the top
    expect(drop(3, 1, true)).toBe("abdc"); // d after b
    expect(drop(2, 1, false)).toBe("acbd"); // c before b
  });

  it("stays put when dropped on itself or on the edge next to it", () => {
    expect(dropIndex(1, 1, false)).toBe(1);
    expect(dropIndex(1, 1, true)).toBe(1);
    expect(drop(1, 0, true)).toBe("abcd"); // after the row above: where it was
    expect(drop(1, 2, false)).toBe("abcd"); // before the row below: where it was
  });

  it("clamps a place past either end, as the server does", () => {
    expect(names(moveItem(list, 0, 99))).toBe("bcda");
    expect(names(moveItem(list, 3, -5))).toBe("dabc");
    expect(names(moveItem(list, 42, 0))).toBe("abcd");
  });
});
